//! Facteur's bridge.
