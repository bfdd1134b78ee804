"""Report sections: each module turns engine results into JSON-compatible report data."""
