"""``voces publicar`` (``publish``): build for production, check, push the site.

The site goes to its own public repository (``VOCES_SITE_REMOTE``), never to the
sources' one; the refusals, the build, the image check and the push are in
:mod:`voces.site_remote`.
"""

from __future__ import annotations

NAMES = ("publicar", "publish")
HELP = (
    "Construcción de producción y subida al repositorio PÚBLICO del sitio "
    "(VOCES_SITE_REMOTE), nunca al de las fuentes. / Production build, then push to "
    "the site's own public repository, never the sources' one."
)


def configure(parser) -> None:
    parser.add_argument(
        "--sin-subir",
        "--no-push",
        dest="push",
        action="store_false",
        help="preparar el commit del sitio sin subirlo (git push) / prepare, do not push",
    )
    parser.add_argument(
        "-m",
        "--mensaje",
        "--message",
        dest="message",
        metavar="TEXTO",
        default="Publicar el sitio / Publish the site",
        help="mensaje del commit / commit message",
    )


def run(args) -> int:
    from voces.site_remote import publish

    return publish(args.root, message=args.message, push=args.push)
