"""gunicorn's settings for `ducha serve`, from the environment (see README, "Deployment")."""

from __future__ import annotations

import os

from ducha.lib.env import env_bool, env_int, env_list, env_str

bind = env_str("DUCHA_BIND", "127.0.0.1:8000")
workers = env_int("DUCHA_WORKERS", 2 * (os.cpu_count() or 1) + 1, minimum=1)
# A PDF of a long bulletin takes a few seconds; an import runs in its own thread.
timeout = env_int("DUCHA_WORKER_TIMEOUT", 60, minimum=10)
graceful_timeout = 30
# Restarting each worker now and then bounds what a slow leak can grow to.
max_requests = env_int("DUCHA_WORKER_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Only the proxy on this machine may say which scheme and address the client used.
forwarded_allow_ips = ",".join(env_list("DUCHA_FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"]))
errorlog = "-"
accesslog = "-" if env_bool("DUCHA_ACCESS_LOG", True) else None
# The request id nginx sent (or Django made) is in the response, and so in every line.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'
# gunicorn's control socket would be made in the home folder; `systemctl reload` (HUP) is
# how workers are restarted here.
control_socket_disable = True
