"""The site's settings plus a trivial view, for the load suite's side-by-side figure."""

from ducha.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
