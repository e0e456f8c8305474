//! Reading physical lines with exact line numbers: LF or CRLF endings, gzip
//! or plain, and CSV records whose quoted fields span lines.

use super::source::describe_read_error;
use std::io::BufRead;

/// Yields each line (without its `\n` / `\r\n`) with its 1-based number.
pub(crate) struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    line: u64,
}

/// What the next call found.
pub(crate) enum Next<'a> {
    /// A line: its number (the first physical line of a multi-line record)
    /// and bytes.
    Line(u64, &'a [u8]),
    /// A read error (truncated gzip, overlong line) at this line.
    Error(u64, String),
    /// End of input.
    End,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(inner: R) -> Self {
        Lines {
            inner,
            buf: Vec::with_capacity(256),
            line: 0,
        }
    }

    fn read_physical(&mut self, append: bool) -> Result<bool, String> {
        if !append {
            self.buf.clear();
        }
        match self.inner.read_until(b'\n', &mut self.buf) {
            Ok(0) => Ok(false),
            Ok(_) => {
                self.line += 1;
                if self.buf.last() == Some(&b'\n') {
                    self.buf.pop();
                    if self.buf.last() == Some(&b'\r') {
                        self.buf.pop();
                    }
                }
                Ok(true)
            }
            Err(e) => Err(describe_read_error(&e)),
        }
    }

    /// The next physical line.
    pub(crate) fn next_line(&mut self) -> Next<'_> {
        match self.read_physical(false) {
            Ok(true) => Next::Line(self.line, &self.buf),
            Ok(false) => Next::End,
            Err(e) => Next::Error(self.line + 1, e),
        }
    }

    /// The next CSV record: physical lines are joined while a quoted field is
    /// open (an odd number of `"` so far).
    pub(crate) fn next_record(&mut self) -> Next<'_> {
        match self.read_physical(false) {
            Ok(true) => {}
            Ok(false) => return Next::End,
            Err(e) => return Next::Error(self.line + 1, e),
        }
        let first = self.line;
        while self.buf.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
            self.buf.push(b'\n');
            match self.read_physical(true) {
                Ok(true) => {}
                Ok(false) => break, // unterminated quote: the splitter reports it
                Err(e) => return Next::Error(self.line + 1, e),
            }
        }
        Next::Line(first, &self.buf)
    }
}

/// Splits one CSV record into fields (RFC 4180 quoting: `"a,b"`, `""` for a
/// quote). Returns the 1-based field number of an unterminated quote as error.
pub(crate) fn split_csv(record: &str, delimiter: char, out: &mut Vec<String>) -> Result<(), usize> {
    out.clear();
    let mut field = String::new();
    let mut chars = record.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == delimiter {
            out.push(std::mem::take(&mut field));
            at_start = true;
        } else {
            field.push(c);
            at_start = false;
        }
    }
    if quoted {
        return Err(out.len() + 1);
    }
    out.push(field);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_blank_lines_and_quoted_newlines_keep_line_numbers() {
        let text = b"a,b\r\n\r\n\"x\ny\",2\r\nlast,3";
        let mut lines = Lines::new(&text[..]);
        let mut seen = Vec::new();
        loop {
            match lines.next_record() {
                Next::Line(n, bytes) => seen.push((n, String::from_utf8(bytes.to_vec()).unwrap())),
                Next::End => break,
                Next::Error(..) => panic!(),
            }
        }
        assert_eq!(
            seen,
            vec![
                (1, "a,b".into()),
                (2, "".into()),
                (3, "\"x\ny\",2".into()),
                (5, "last,3".into())
            ]
        );
    }

    #[test]
    fn split_handles_quotes() {
        let mut f = Vec::new();
        split_csv(r#"AT11,"C10, food","say ""hi""",5"#, ',', &mut f).unwrap();
        assert_eq!(f, vec!["AT11", "C10, food", "say \"hi\"", "5"]);
        split_csv("a;b", ',', &mut f).unwrap();
        assert_eq!(f, vec!["a;b"]);
        assert_eq!(split_csv("a,\"open", ',', &mut f), Err(2));
        split_csv("", ',', &mut f).unwrap();
        assert_eq!(f, vec![""]);
    }
}
