"""BRS (Behandlingsrelationsservice) and the notification service of NSP, Denmark.

``schema`` loads our XSD/WSDL (schemas/brs/); ``model`` holds the messages as data;
``relations`` is how BRS decides (sufficient relation, follow-up); ``rules`` and
``judge`` are the consumer rules behind `konform validate brs`; the simulator
(``simulator``, ``state``, ``render``, ``control``, ``behaviour`` with its fault
profiles) plays both services under DGWS; ``client`` and ``embedded`` drive it.
"""
