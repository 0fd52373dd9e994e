"""JupyterHub for the partnership workbook, with the live room as a hub service.

Read by ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``. Everything that differs
between the demo (``make hub``) and an organisation's server comes from the environment and
from ``$WORKBOOK_HUB_STATE/secrets.json`` (written by ``demo.py``, or by IT; mode 0600):

    {"facilitators": {"alice": "postgresql://fac_alice:...@host/workbook", ...},
     "partnership": "demo",
     "participant_dsn": "postgresql://live_participant:...@host/workbook",
     "live_cookie_secret": "...", "proxy_token": "...", "demo_password": "..."}

* Facilitators log in to the hub and get a JupyterLab with the workbook notebooks; their
  server's environment carries their own PostgreSQL role, for the workbook store
  (WORKBOOK_DB, with WORKBOOK_PARTNERSHIP, on which the role is granted ``facilitator``)
  and for the live room (LIVE_FACILITATOR_DB_URL): what they accept lands in the
  partnership in the database.
* Participants have no hub account. The live page is a hub-managed service at
  ``/services/live/``: the proxy sends them straight to it, it asks for no login, and it
  offers forms only: no kernel, no terminal, no file, nothing that runs what they send.
"""

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("WORKBOOK_HUB_STATE", ROOT / "data" / "hub")).resolve()
if (STATE / "secrets.json").stat().st_mode & 0o077:
    raise SystemExit(f"{STATE / 'secrets.json'} may be read by other users of this machine; "
                     "make it private first (chmod 600), then start again.")
SECRETS = json.loads((STATE / "secrets.json").read_text(encoding="utf-8"))
HOST = os.environ.get("HUB_HOST", "127.0.0.1")
PORT = int(os.environ.get("HUB_PORT", "8000"))
PUBLIC_URL = os.environ.get("HUB_PUBLIC_URL", f"http://{HOST}:{PORT}").rstrip("/")
LIVE_PORT = int(os.environ.get("LIVE_PORT", str(PORT + 3)))
PARTNERSHIP = os.environ.get("WORKBOOK_PARTNERSHIP", SECRETS.get("partnership", "demo"))
BIN = Path(sys.executable).parent

# -- the hub and its proxy (configurable-http-proxy from npm, in deploy/jupyterhub) ---------
c.JupyterHub.bind_url = f"http://{HOST}:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('HUB_API_PORT', PORT + 1)}"
c.ConfigurableHTTPProxy.api_url = \
    f"http://127.0.0.1:{os.environ.get('PROXY_API_PORT', PORT + 2)}"
c.ConfigurableHTTPProxy.command = [
    os.environ.get("CHP_COMMAND") or shutil.which("configurable-http-proxy",
                                                  path=str(Path(__file__).parent /
                                                           "node_modules" / ".bin"))
    or "configurable-http-proxy"]
c.ConfigurableHTTPProxy.auth_token = SECRETS["proxy_token"]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True

# -- who logs in: the facilitators, and nobody else ----------------------------------------
# Demo only: one shared password. On a real server use the organisation's login
# (e.g. oauthenticator's GenericOAuthenticator or ldapauthenticator) with the same
# allowed_users.
c.JupyterHub.authenticator_class = "jupyterhub.authenticators.shared.SharedPasswordAuthenticator"
c.SharedPasswordAuthenticator.user_password = SECRETS["demo_password"]
c.Authenticator.allowed_users = set(SECRETS["facilitators"])
c.Authenticator.allow_all = False

# -- each facilitator's JupyterLab: the notebooks, the partnership in PostgreSQL as -------
# -- their own database role ---------------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = (["--allow-root"] if os.geteuid() == 0 else []) + \
    shlex.split(os.environ.get("HUB_SINGLEUSER_ARGS", ""))  # e.g. the tests' own flags
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.default_url = "/lab/tree/09_remote_participants.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "WORKBOOK_DB": lambda spawner: SECRETS["facilitators"][spawner.user.name],
    "WORKBOOK_PARTNERSHIP": PARTNERSHIP,
    "LIVE_PUBLIC_URL": f"{PUBLIC_URL}/services/live/",
    "LIVE_PARTNERSHIP": os.environ.get("LIVE_PARTNERSHIP", PARTNERSHIP),
    "LIVE_FACILITATOR_DB_URL": lambda spawner: SECRETS["facilitators"][spawner.user.name],
}


def _copy_notebooks(spawner):
    """Give each facilitator their own copy of the notebooks on first start."""
    home = Path(spawner.home_dir_template.format(username=spawner.user.name))
    if not home.exists():
        shutil.copytree(ROOT / "notebooks", home,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "participant*"))


c.Spawner.pre_spawn_hook = _copy_notebooks

# -- the live room: a hub-managed service participants reach without an account -----------
c.JupyterHub.services = [{
    "name": "live",
    "url": f"http://127.0.0.1:{LIVE_PORT}",
    "command": [sys.executable, "-m", "workbook.live"],
    "cwd": str(STATE),
    "environment": {
        "LIVE_DB_URL": SECRETS["participant_dsn"],
        "LIVE_COOKIE_SECRET": SECRETS["live_cookie_secret"],
        "LIVE_RATE_PER_MINUTE": os.environ.get("LIVE_RATE_PER_MINUTE", "30"),
        "LIVE_BURST": os.environ.get("LIVE_BURST", "10"),
        "LIVE_MAX_ITEMS": os.environ.get("LIVE_MAX_ITEMS", "200"),
    },
}]
