//! The provider contract.
