"""The ``serve`` command: the web app for the front desk, the therapist and
the author, over the same library calls as the other commands."""

from __future__ import annotations

import click

from .base import FILE, _common


@click.command()
@click.option(
    "--brand",
    type=FILE,
    default=None,
    metavar="FILE",
    help="The clinic's brand file (YAML); with --locations, the chain's. "
    "Default: the bundled demo clinic.",
)
@click.option(
    "--locations",
    type=FILE,
    default=None,
    metavar="FILE",
    help="A chain's locations file (CSV or YAML, as for batch): the front desk "
    "chooses the location.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    metavar="ADDRESS",
    help="Where to listen. Default: 127.0.0.1 (this computer only). Any other "
    "address, e.g. 0.0.0.0 for the clinic's network, needs an access token "
    "and HTTPS (--certfile/--keyfile or --self-signed).",
)
@click.option(
    "--port",
    default=8000,
    type=click.IntRange(0, 65535),
    metavar="PORT",
    help="The port. Default: 8000 (0: any free port).",
)
@click.option(
    "--token",
    default=None,
    metavar="TEXT",
    help="The access token (at least 16 characters). Default: none on 127.0.0.1; "
    "made and printed at start for any other --host.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Another host name the computers of the clinic use for this one. Repeatable.",
)
@click.option(
    "--certfile",
    type=FILE,
    default=None,
    metavar="FILE",
    help="HTTPS with the clinic's certificate (PEM; the full chain), with --keyfile.",
)
@click.option(
    "--keyfile",
    type=FILE,
    default=None,
    metavar="FILE",
    help="The certificate's private key (PEM, unencrypted; readable by this user only).",
)
@click.option(
    "--self-signed",
    is_flag=True,
    help="HTTPS with a certificate made once for this machine's names and addresses "
    "and kept in the config folder ($HANDOUTS_CONFIG_DIR, else ~/.config/handouts); "
    "its SHA-256 fingerprint is printed for staff to compare on their first visit.",
)
@click.option(
    "--insecure-http",
    is_flag=True,
    help="Allow plain HTTP on an address other than 127.0.0.1. Unsafe: patients' "
    "names and notes would cross the network unencrypted.",
)
@click.option(
    "--workers",
    default=2,
    type=int,
    metavar="N",
    help="Worker processes that render handouts. Default: 2.",
)
@_common
def serve(
    brand,
    locations,
    host,
    port,
    token,
    allow_hosts,
    certfile,
    keyfile,
    self_signed,
    insecure_http,
    workers,
    content_dirs,
    templates,
    styles,
):
    """Start the handouts web page: the library (pick and print), discharge
    notes (a personalised PDF) and the author's live preview.

    It prints the address to open and opens nothing else. With --content-dir,
    the author preview re-renders whenever a file in it (or in --templates or
    --styles) changes.

    \b
    Examples:
      handouts serve
      handouts serve --content-dir content
      handouts serve --brand chain/brand.yaml --locations chain/locations.csv \\
          --host 0.0.0.0 --port 8443 --self-signed
      handouts serve --host 0.0.0.0 --port 8443 \\
          --certfile /etc/handouts/cert.pem --keyfile /etc/handouts/key.pem
    """
    from ..web.app import serve as run  # Starlette and uvicorn: only for this command
    from ..web.settings import load_settings  # with the app it configures

    settings = load_settings(
        content_dirs=content_dirs,
        templates=templates,
        styles=styles,
        brand=brand,
        locations=locations,
        host=host,
        port=port,
        token=token,
        allow_hosts=allow_hosts,
        workers=workers,
        certfile=certfile,
        keyfile=keyfile,
        self_signed=self_signed,
        insecure_http=insecure_http,
    )
    run(settings, echo=lambda line: click.echo(line))
