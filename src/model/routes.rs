//! The HTTP routes each service registers, as linking finds them: by path,
//! and — for registrations whose path is not known statically — the glob of
//! the paths they may serve, so that a subscription's route is never called
//! "not served" on a guess.

use rustc_hash::FxHashMap as HashMap;

use super::{Handler, Location, glob_match};

#[derive(Default)]
pub(crate) struct Routes {
    /// (service, path) → the handlers registered for it.
    pub by_path: HashMap<(String, String), Vec<(Handler, Location)>>,
    /// service → globs of the registrations whose path is not known
    /// (`*/orders` for `cfg.Base + "/orders"`, `*` for a path from a variable).
    pub unknown: HashMap<String, Vec<String>>,
}

impl Routes {
    pub fn get(&self, service: &str, path: &str) -> Option<&Vec<(Handler, Location)>> {
        self.by_path.get(&(service.to_string(), path.to_string()))
    }

    /// Whether a registration of `service` whose path eventlint could not
    /// resolve may be the one serving `path`.
    pub fn may_serve(&self, service: &str, path: &str) -> bool {
        self.unknown
            .get(service)
            .is_some_and(|globs| globs.iter().any(|g| glob_match(g, path)))
    }
}
