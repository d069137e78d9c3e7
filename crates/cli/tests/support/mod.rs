//! Shared test helpers.
pub mod mock_api;
