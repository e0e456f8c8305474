//! Request pieces with their rejections as problems: a JSON body (within the
//! body-size limit, `Content-Type: application/json`, no key twice in an
//! object), list parameters (`limit`, `cursor`, filters) and ids.

use crate::problem::Problem;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use smartspec_store::ListQuery;
use std::collections::BTreeMap;

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;

/// A JSON body.
pub struct JsonBody(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let status = e.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    status,
                    "too-large",
                    format!("the body exceeds {} bytes", crate::BODY_LIMIT),
                )
            } else {
                Problem::new(status, "malformed", e.body_text())
            }
        })?;
        parse_strict(&bytes).map(JsonBody).map_err(|e| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "malformed",
                format!("body is not JSON: {e}"),
            )
        })
    }
}

/// Parses JSON like `serde_json::from_slice`, but refuses an object that
/// names a key twice, at any depth (serde_json keeps the last one silently,
/// so `{"region":"ITC1","region":"DE21"}` would be read as DE21 while a
/// proxy or log reading the first saw ITC1).
pub fn parse_strict(bytes: &[u8]) -> serde_json::Result<serde_json::Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let Strict(v) = serde::Deserialize::deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// A JSON value deserialised with duplicate keys refused.
struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // JSON text has no NaN or infinity, so this is always a number
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(out.into())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.contains_key(&k) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate key {k:?} in an object"
                )));
            }
            out.insert(k, v);
        }
        Ok(out.into())
    }
}

/// Whether `value` (a `Content-Type` header) is JSON: `application/json`,
/// case-insensitive, with at most a `charset=utf-8` parameter.
pub fn is_json(value: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(value) else {
        return false;
    };
    let mut parts = s.split(';');
    if !parts
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
    {
        return false;
    }
    parts.all(|p| {
        let p = p.trim();
        p.is_empty()
            || p.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("charset")
                    && v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            })
    })
}

/// `limit`, `cursor` and the remaining parameters as filters.
pub fn list_query(mut params: BTreeMap<String, String>) -> Result<ListQuery, Problem> {
    let limit = match params.remove("limit") {
        None => DEFAULT_LIMIT,
        Some(s) => s
            .parse()
            .map_err(|_| Problem::invalid("limit", format!("{s:?} is not a number")))?,
    };
    let cursor = params.remove("cursor");
    Ok(ListQuery {
        filters: params.into_iter().collect(),
        limit,
        cursor,
    })
}

/// A record id from the path.
pub fn id(s: &str) -> Result<i64, Problem> {
    s.parse()
        .map_err(|_| Problem::not_found(format!("{s:?} is not a record id")))
}

/// Query parameters, refused as a problem (400) when they do not parse.
pub struct Params<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(t)| Params(t))
            .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, "malformed", e.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        let v = parse_strict(br#"{"a":[1,{"b":2.5,"c":null}],"d":"x"}"#).unwrap();
        assert_eq!(v, serde_json::json!({"a":[1,{"b":2.5,"c":null}],"d":"x"}));
        for bad in [
            r#"{"a":1,"a":2}"#,
            r#"{"x":{"a":1,"a":1}}"#,
            r#"[{"k":[{"z":0,"z":0}]}]"#,
        ] {
            let e = parse_strict(bad.as_bytes()).unwrap_err().to_string();
            assert!(e.contains("duplicate key"), "{bad}: {e}");
        }
        assert!(parse_strict(br#"{"a":1} x"#).is_err());
    }

    #[test]
    fn json_content_types() {
        for ok in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"",
        ] {
            assert!(is_json(ok.as_bytes()), "{ok}");
        }
        for no in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/xml",
            "application/json; charset=latin1",
            "application/jsonx",
            "",
        ] {
            assert!(!is_json(no.as_bytes()), "{no}");
        }
    }
}
