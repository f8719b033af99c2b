"""SYSVAK (Dok 31 – Standard for elektronisk meldingsutveksling med SYSVAK, FHI) in KITH MsgHead v1.2.

The messages: ``schema`` (our XSD, schemas/sysvak/), ``model``, ``messages`` and ``readers``
(XML both ways), ``codes`` (message types and code lists). The rules: ``rules`` (front end
and `konform validate sysvak`), ``head_rules``, ``payload_rules``, ``identity``. The
simulator: ``mottak`` (queue, order, deferral; transport-neutral) over ``processing``,
``vaksinander``, ``search``, ``folkeregister`` and ``state``, with ``simulator`` as its HTTP
transport, ``behaviour`` and ``profiles`` for fault profiles, ``embedded`` to start it and
``client`` for a vendor's view of it.
"""
