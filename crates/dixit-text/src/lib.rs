//! French text handling: input markup to analysable text, tokenisation, sentences.

pub mod markup;
pub mod sentence;
pub mod token;
