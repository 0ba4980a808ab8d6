"""The mailbox web application (Starlette): the member's steps and the editors' desk.

Members: ``/i/<invitation>`` → ``/historia`` → ``/dibujos`` → ``/nombre`` → ``/permiso`` →
receipt. One question per page, plain HTML forms (JavaScript only adds an upload progress
bar and retries), nothing sent is ever shown back. Editors: ``/redaccion`` behind the
passphrase. Security lives in ``security.Guard`` around everything.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import multiprocessing
import os
import re
import secrets
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartParser
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import media, passphrase
from .accept import SCOPES, accept
from .invitations import InvitationRefused, Invitations
from .prompts import PROMPTS
from .security import Guard, plain_text
from .sessions import COOKIE, EDITOR_COOKIE, EditorSessions, MemberSessions, same
from .store import Quarantine, StoreError, Vault, load_key

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
STEPS = ["historia", "dibujos", "nombre", "permiso"]
ICONS = {
    "bienvenida": "casa",
    "historia": "voz",
    "dibujos": "dibujo",
    "nombre": "nombre",
    "permiso": "permiso",
    "listo": "listo",
}
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
REFUSALS = {
    "host": (
        "Esta dirección no es la del buzón. Abre el enlace de tu invitación.",
        "This address is not the mailbox's. Open your invitation link.",
    ),
    "origin": (
        "Este envío no viene de las páginas del buzón y no se aceptó.",
        "This request does not come from the mailbox's pages and was refused.",
    ),
    "method": ("Esa acción no existe aquí.", "That action does not exist here."),
    "length": ("El envío llegó dañado. Intenta otra vez.", "The request was damaged."),
    "size": (
        "Es demasiado grande. No se guardó nada de este envío. Manda menos fotos o una "
        "grabación más corta (máximo {max_files} archivos y {max_mb} MB por historia).",
        "Too large. Nothing of this request was kept (at most {max_files} files and "
        "{max_mb} MB per story).",
    ),
    "session": (
        "Tu sesión terminó o no existe. Para mandar una historia, pide una invitación "
        "a la colectiva.",
        "Your session ended or does not exist. Ask the collective for an invitation.",
    ),
    "csrf": (
        "La página era vieja. Vuelve a la página anterior, recárgala e intenta otra vez.",
        "The page was stale (CSRF token). Reload it and try again.",
    ),
    "notfound": ("Aquí no hay nada.", "Nothing here."),
}


class CachedStatic(StaticFiles):
    """Icons, styles and prompts: cached by the phone for a day (they never carry data)."""

    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        response.headers["cache-control"] = "public, max-age=86400"
        return response


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() on every page
    )
    env.globals.update(prompts=PROMPTS, icons=ICONS, steps=STEPS)
    return env


def create_app(settings, *, allowed_hosts, quarantine: Quarantine | None = None) -> Starlette:
    if quarantine is None:
        quarantine = Quarantine(settings.quarantine, Vault(load_key(settings.key_path)))
    quarantine.ensure()
    quarantine.sweep()
    media.sweep_work_dirs()  # a member's file in clear, left by a killed worker
    vault = quarantine.vault
    invitations = Invitations(vault, quarantine.folder / "usadas.json")
    members = MemberSessions(quarantine, settings.session_hours)
    members.sweep_expired()
    editors = EditorSessions()
    forms = URLSafeTimedSerializer(vault.derive(b"formularios"), salt="formulario")
    templates = make_templates()
    limits = {"max_files": settings.max_files, "max_mb": settings.max_bytes // (1024 * 1024)}
    # Uploads stay in memory up to the submission limit: a member's plaintext is never
    # spooled to a temporary file on disk (the whole body is bounded before parsing).
    MultiPartParser.spool_max_size = settings.max_bytes + 1
    # Wrong passphrases are counted per address: a phone on the office network that
    # guesses is locked out, the editors at other addresses (the laptop) are not. A
    # guesser with many addresses meets the ceiling for all of them together.
    failures: dict[str, dict] = {}
    failed_total: list[float] = []

    # Photos and recordings are cleaned in worker processes, one per core: decoding a photo
    # then never holds up the pages other members are loading (no shared interpreter lock).
    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=max(1, os.cpu_count() or 1),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=media.worker_init,
        )

    pool = {"workers": new_pool()}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        loop = asyncio.get_running_loop()
        # The first member should not pay for importing the image pipeline.
        count = os.cpu_count() or 1
        warm = [loop.run_in_executor(pool["workers"], media.warm_up) for _ in range(count)]
        await asyncio.gather(*warm)
        try:
            yield
        finally:
            pool["workers"].shutdown(wait=True, cancel_futures=True)

    async def clean_in_worker(data: bytes):
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                pool["workers"], media.clean, data, settings.photo_max_side
            )
        except BrokenProcessPool:
            # A worker died (out of memory on a monstrous file): a fresh pool for the next.
            logger.warning("un proceso de limpieza murió / a cleaning worker died")
            pool["workers"] = new_pool()
            raise media.MediaRefused(
                "Este archivo no se pudo abrir. Manda otra foto o grabación.",
                "This file could not be opened. Send another photo or recording.",
            ) from None

    def render(name: str, status: int = 200, **context) -> HTMLResponse:
        html = templates.get_template(name).render(limits=limits, **context)
        return HTMLResponse(html, status_code=status)

    def refusal_page(status: int, reason: str) -> bytes:
        es, en = REFUSALS.get(reason, REFUSALS["notfound"])
        html = templates.get_template("aviso.html").render(
            titulo="No se pudo",
            mensaje=es.format(**limits),
            english=en.format(**limits),
            icon="alto",
            limits=limits,
        )
        return html.encode("utf-8")

    def refuse(status: int, reason: str, cookie_to_clear: str | None = None) -> Response:
        response = HTMLResponse(refusal_page(status, reason), status_code=status)
        if cookie_to_clear:
            response.delete_cookie(cookie_to_clear, path="/", httponly=True, samesite="strict")
        return response

    def set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name, value, max_age=max_age, path="/", httponly=True, samesite="strict"
        )

    def form_token(purpose: str) -> str:
        return forms.dumps(purpose)

    def form_token_ok(token: str | None, purpose: str) -> bool:
        try:
            return forms.loads(token or "", max_age=3600 * 8) == purpose
        except BadSignature:
            return False

    async def parse_form(request: Request, *, files: bool):
        """The form, bounded; HTTPException(400) from the parser becomes a clear refusal."""
        try:
            return await request.form(
                max_files=settings.max_files if files else 0,
                max_fields=12,
                max_part_size=256 * 1024,
            )
        except HTTPException as exc:
            logger.info("formulario rechazado / form refused: %s", exc.detail)
            return None

    # -- member -----------------------------------------------------------------------

    def member_state(request: Request):
        session_id = request.cookies.get(COOKIE)
        state = members.load(session_id)
        return session_id, state

    def next_step(step: str) -> str:
        index = STEPS.index(step)
        return "/" + STEPS[index + 1] if index + 1 < len(STEPS) else "/permiso"

    def step_page(step: str, state: dict, status: int = 200, error: str = "", **extra):
        photos = sum(1 for f in state["archivos"] if f["kind"] == media.PHOTO)
        audios = sum(1 for f in state["archivos"] if f["kind"] == media.AUDIO)
        return render(
            f"{step}.html",
            status=status,
            step=step,
            number=STEPS.index(step) + 1,
            csrf=state["csrf"],
            envio=secrets.token_urlsafe(18),
            photos=photos,
            audios=audios,
            has_text=bool(state.get("texto")),
            error=error,
            **extra,
        )

    async def home(request: Request):
        _session_id, state = member_state(request)
        if state is not None:
            if state.get("recibo"):
                return RedirectResponse("/listo", status_code=303)
            return RedirectResponse("/historia", status_code=303)
        return render(
            "aviso.html",
            titulo="Buzón de Voces",
            mensaje="Para mandar tu historia necesitas una invitación de la colectiva. "
            "Pídela a una compañera de la colectiva.",
            english="To send your story you need an invitation from the collective.",
            icon="casa",
        )

    async def invitation(request: Request):
        token = request.path_params["token"]
        try:
            invitations.check(token)
        except InvitationRefused as exc:
            return render(
                "aviso.html", 403, titulo="Invitación", mensaje=exc.es, english=exc.en, icon="alto"
            )
        if request.method == "GET":
            return render(
                "bienvenida.html", step="bienvenida", csrf=form_token("i:" + token), token=token
            )
        form = await parse_form(request, files=False)
        if form is None or not form_token_ok(form.get("csrf"), "i:" + token):
            return refuse(403, "csrf")
        try:
            await run_in_threadpool(invitations.use, token)  # writes (fsync) off the loop
        except InvitationRefused as exc:
            return render(
                "aviso.html", 403, titulo="Invitación", mensaje=exc.es, english=exc.en, icon="alto"
            )
        session_id, _state = await run_in_threadpool(members.create)
        response = RedirectResponse("/historia", status_code=303)
        set_cookie(response, COOKIE, session_id, int(settings.session_hours * 3600))
        return response

    async def step_view(request: Request):
        step = request.url.path.strip("/")
        session_id, state = member_state(request)
        if state is None:
            return refuse(403, "session", COOKIE)
        if state.get("recibo"):
            return RedirectResponse("/listo", status_code=303)
        if request.method == "GET":
            return step_page(step, state)

        is_upload = step in ("historia", "dibujos")
        form = await parse_form(request, files=is_upload)
        if form is None:
            return refuse(413, "size")
        if not same(form.get("csrf"), state["csrf"]):
            return refuse(403, "csrf")
        envio = str(form.get("envio") or "")
        if not TOKEN_RE.match(envio):
            return refuse(403, "csrf")
        if envio in state["hechos"]:  # a retry of something already kept
            return RedirectResponse(next_step(step), status_code=303)

        if step == "permiso":
            return await finish(request, session_id, form, envio)

        uploads = []
        if is_upload:
            field_name = "grabacion" if step == "historia" else "fotos"
            for item in form.getlist(field_name):
                if isinstance(item, str):
                    continue
                data = await item.read()
                if not data and not item.filename:
                    continue  # an empty file input
                uploads.append(data)
        raw = sum(len(d) for d in uploads)
        async with members.lock(session_id):
            state = members.load(session_id)
            if state is None:
                return refuse(403, "session", COOKIE)
            if envio in state["hechos"]:
                return RedirectResponse(next_step(step), status_code=303)
            if len(state["archivos"]) + len(uploads) > settings.max_files or (
                sum(f["size"] for f in state["archivos"]) + raw > settings.max_bytes
            ):
                return refuse(413, "size")

        cleaned = []
        for data in uploads:
            try:
                kind, clean = await clean_in_worker(data)
            except media.MediaRefused as exc:
                return step_page(step, state, status=422, error=exc.es)
            expected = media.AUDIO if step == "historia" else media.PHOTO
            if kind != expected:
                wanted = "una grabación de voz" if expected == media.AUDIO else "una foto"
                return step_page(step, state, 422, f"Aquí va {wanted}. Ese archivo no lo es.")
            cleaned.append((kind, clean, len(data)))

        text = plain_text(str(form.get("texto") or "")).strip() if step == "historia" else None
        pseudonym = None
        if step == "nombre":
            pseudonym = re.sub(r"\s+", " ", plain_text(form.get("seudonimo") or "")).strip()
            if not pseudonym or len(pseudonym) > 40:
                return step_page(step, state, 422, "Escribe un nombre corto, de hasta 40 letras.")
            if len(re.findall(r"\d", pseudonym)) >= 5 or "@" in pseudonym:
                return step_page(step, state, 422, "Pon un nombre, no un número ni un correo.")
        has_audio = any(f["kind"] == media.AUDIO for f in state["archivos"])
        if step == "historia" and not (cleaned or text or state.get("texto") or has_audio):
            return step_page(step, state, 422, "Graba o escribe tu historia para seguir.")

        async with members.lock(session_id):
            state = members.load(session_id)
            if state is None:
                return refuse(403, "session", COOKIE)
            if envio in state["hechos"]:
                return RedirectResponse(next_step(step), status_code=303)
            if len(state["archivos"]) + len(cleaned) > settings.max_files:
                return refuse(413, "size")
            folder = members.folder(session_id)
            for kind, clean, size in cleaned:
                n = len(state["archivos"]) + 1
                name = f"grabacion-{n}.opus" if kind == media.AUDIO else f"foto-{n}.jpg"
                await run_in_threadpool(vault.write, folder / name, clean)
                state["archivos"].append({"name": name, "kind": kind, "size": size})
            if text:
                state["texto"] = (state["texto"] + "\n\n" + text).strip()
            if pseudonym:
                state["seudonimo"] = pseudonym
            state["hechos"].append(envio)
            await run_in_threadpool(members.save, session_id, state)
        return RedirectResponse(next_step(step), status_code=303)

    async def finish(request: Request, session_id: str, form, envio: str):
        scope = str(form.get("alcance") or "")
        if scope not in SCOPES:
            _sid, state = member_state(request)
            return step_page("permiso", state, 422, "Escoge dónde puede salir tu historia.")
        agreed = form.get("acepto") == "si"
        if scope != "todavia_no" and not agreed:
            _sid, state = member_state(request)
            return step_page(
                "permiso", state, 422, "Marca «Sí, estoy de acuerdo» o escoge «Todavía no»."
            )
        async with members.lock(session_id):
            state = members.load(session_id)
            if state is None:
                return refuse(403, "session", COOKIE)
            if envio in state["hechos"] or state.get("recibo"):
                return RedirectResponse("/listo", status_code=303)
            if not state["texto"] and not state["archivos"]:
                return RedirectResponse("/historia", status_code=303)
            today = dt.date.today().isoformat()
            data = {
                "recibido": dt.datetime.now().isoformat(timespec="minutes"),
                "origen": "teléfono",
                "texto": state["texto"],
                "seudonimo": state["seudonimo"],
                "alcance": scope,
                "consentimiento": bool(agreed and scope != "todavia_no"),
                "consentimiento_fecha": today,
                "archivos": state["archivos"],
            }
            folder = members.folder(session_id)
            files = {f["name"]: folder / f["name"] for f in state["archivos"]}
            receipt = await run_in_threadpool(quarantine.commit, data, files)
            # What is left of the session: only the receipt, for a retry or a reload.
            tomb = {
                "csrf": state["csrf"],
                "hechos": [*state["hechos"], envio],
                "archivos": [],
                "texto": "",
                "seudonimo": "",
                "recibo": receipt,
                "creada": state["creada"],
                "vence": time.time() + 1800,
            }
            await run_in_threadpool(members.save, session_id, tomb)
        return RedirectResponse("/listo", status_code=303)

    async def done(request: Request):
        _session_id, state = member_state(request)
        if state is None or not state.get("recibo"):
            return refuse(403, "session", COOKIE)
        return render("listo.html", step="listo", receipt=state["recibo"])

    # -- editors ------------------------------------------------------------------------

    def editor(request: Request):
        session_id = request.cookies.get(EDITOR_COOKIE)
        return session_id, editors.load(session_id)

    async def desk(request: Request):
        _sid, state = editor(request)
        if state is None:
            return render(
                "redaccion/entrar.html",
                csrf=form_token("entrar"),
                missing=not passphrase.is_set(settings.passphrase_path),
            )
        items = await run_in_threadpool(quarantine.list)
        return render(
            "redaccion/lista.html", items=items, csrf=state["csrf"], sections=settings.sections
        )

    async def login(request: Request):
        form = await parse_form(request, files=False)
        if form is None or not form_token_ok(form.get("csrf"), "entrar"):
            return refuse(403, "csrf")
        now = time.time()
        address = request.client.host if request.client else "?"
        mine = failures.setdefault(address, {"count": 0, "until": 0.0})
        failed_total[:] = [t for t in failed_total if t > now - 300]
        at_laptop = address in ("127.0.0.1", "::1", "localhost")
        if mine["until"] > now or (len(failed_total) >= 50 and not at_laptop):
            return render(
                "redaccion/entrar.html",
                429,
                csrf=form_token("entrar"),
                error="Demasiados intentos. Espere unos minutos.",
            )
        ok = await run_in_threadpool(
            passphrase.verify, settings.passphrase_path, str(form.get("frase") or "")
        )
        if not ok:
            mine["count"] += 1
            failed_total.append(now)
            if mine["count"] >= 5:
                mine.update(count=0, until=now + 300)
            if len(failures) > 1000:  # many addresses: forget the ones not locked
                for key in [k for k, v in failures.items() if v["until"] <= now]:
                    failures.pop(key, None)
            return render(
                "redaccion/entrar.html",
                403,
                csrf=form_token("entrar"),
                error="Esa no es la frase de la redacción.",
            )
        failures.pop(address, None)
        session_id, _state = editors.create()
        response = RedirectResponse("/redaccion", status_code=303)
        set_cookie(response, EDITOR_COOKIE, session_id, 8 * 3600)
        return response

    async def logout(request: Request):
        sid, state = editor(request)
        form = await parse_form(request, files=False)
        if state is None or form is None or not same(form.get("csrf"), state["csrf"]):
            return refuse(403, "csrf")
        editors.end(sid)
        response = RedirectResponse("/redaccion", status_code=303)
        response.delete_cookie(EDITOR_COOKIE, path="/", httponly=True, samesite="strict")
        return response

    async def desk_item(request: Request):
        _sid, state = editor(request)
        if state is None:
            return RedirectResponse("/redaccion", status_code=303)
        try:
            item = await run_in_threadpool(quarantine.get, request.path_params["receipt"])
        except StoreError:
            return refuse(404, "notfound")
        return render(
            "redaccion/envio.html", item=item, csrf=state["csrf"], sections=settings.sections
        )

    async def desk_file(request: Request):
        _sid, state = editor(request)
        if state is None:
            return refuse(403, "session")
        receipt, name = request.path_params["receipt"], request.path_params["name"]
        try:
            data = await run_in_threadpool(quarantine.read_file, receipt, name)
        except StoreError:
            return refuse(404, "notfound")
        kind = "audio/ogg" if name.endswith(".opus") else "image/jpeg"
        return Response(data, media_type=kind, headers={"content-disposition": "inline"})

    async def desk_action(request: Request):
        _sid, state = editor(request)
        form = await parse_form(request, files=False)
        if state is None or form is None or not same(form.get("csrf"), state["csrf"]):
            return refuse(403, "csrf")
        receipt, action = request.path_params["receipt"], request.path_params["action"]
        try:
            if action == "aceptar":
                article = await run_in_threadpool(
                    accept, settings, quarantine, receipt, str(form.get("seccion") or "")
                )
                message = f"Aceptado como borrador: {article.relative_to(settings.root)}"
            elif action == "borrar" and form.get("confirmar") != "si":
                message = "No se borró: marque «Sí, borrarlo para siempre»."
            elif action == "borrar":
                await run_in_threadpool(quarantine.delete, receipt)
                message = f"Borrado: {receipt}"
            else:
                return refuse(404, "notfound")
        except (StoreError, media.MediaRefused) as exc:
            message = str(exc)
        except ValueError:
            message = str(settings.content)
        items = await run_in_threadpool(quarantine.list)
        return render(
            "redaccion/lista.html",
            items=items,
            csrf=state["csrf"],
            sections=settings.sections,
            message=message,
        )

    async def not_found(request: Request, exc):
        return refuse(404 if exc.status_code == 404 else exc.status_code, "notfound")

    routes = [
        Route("/", home),
        Route("/i/{token}", invitation, methods=["GET", "POST"]),
        *[Route(f"/{step}", step_view, methods=["GET", "POST"]) for step in STEPS],
        Route("/listo", done),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/redaccion", desk),
        Route("/redaccion/entrar", login, methods=["POST"]),
        Route("/redaccion/salir", logout, methods=["POST"]),
        Route("/redaccion/envio/{receipt}", desk_item),
        Route("/redaccion/envio/{receipt}/archivo/{name}", desk_file),
        Route("/redaccion/envio/{receipt}/{action}", desk_action, methods=["POST"]),
        Mount("/static", CachedStatic(directory=str(HERE / "static")), name="static"),
    ]
    max_body = settings.max_bytes + 512 * 1024  # the form's fields and boundaries
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                Guard,
                allowed_hosts=allowed_hosts,
                max_body=max_body,
                render_refusal=refusal_page,
            )
        ],
        exception_handlers={404: not_found, 405: not_found},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.quarantine = quarantine
    app.state.invitations = invitations
    return app
