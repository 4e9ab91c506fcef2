//! Test support: real mail servers and a running bridge.
