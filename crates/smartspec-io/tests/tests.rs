//! Integration tests of smartspec-io, one module per topic.

mod embedded_data;
mod readers;
mod recoding;
