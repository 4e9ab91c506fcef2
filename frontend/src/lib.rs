//! Facteur's browser app.
