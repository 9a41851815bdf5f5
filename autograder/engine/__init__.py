"""The hardened batch engine: sandboxed workers, a data-only wire protocol, gradebook and outputs."""
