//! (being built: see the foundation issue)
