"""Voces's own build signals, declared once as objects; plugins import them from here.

Blinker looks signals up by name, so a typo in a string literal would create a new
signal that nobody ever sends. Import these objects instead.

Receivers of one signal are called in the order they connected (Pelican 4.12 keeps
blinker's receivers in an ordered set), and plugins connect in ``PLUGINS`` order; the
build guard still sends separate signals where the order matters.
"""

from blinker import signal

#: Sent by ``build_guard`` with the list of generators once every generator has read
#: its content and before anything is written: checks across contents (links,
#: destinations). Its errors stop the build before writing. A check-only run
#: (``voces revisar``) stops right after this signal.
content_ready = signal("voces_content_ready")

#: Sent with ``sender=<Pelican>, output_path=<staging Path>`` once every generator has
#: written: files made from the finished tree (the sitemap, copy-shop PDFs).
output_complete = signal("voces_output_complete")

#: Sent next, with the same arguments, before the staging folder replaces the output:
#: checks of the finished tree (protected terms, image metadata). An error stops the swap.
output_ready = signal("voces_output_ready")

#: Sent after the staging folder replaced the output, with ``output_path=<final Path>,
#: staging_path=<the staging Path it came from>``.
output_published = signal("voces_output_published")

#: Sent when a build is abandoned (an error, a failed check), with
#: ``output_path=<staging Path>``: whatever waited for the verdict is thrown away.
output_discarded = signal("voces_output_discarded")
