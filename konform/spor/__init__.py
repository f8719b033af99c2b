"""SPOR 4.1 (Svenskt PeriOperativt Register): schema, registration model, consumer rules, simulator.

Consumer side (``konform validate spor``): ``schema`` loads our XSD and words libxml2's
errors as SPOR's ``cvc-…`` messages (§7.2.2); ``model`` maps the guide's variable
numbers to elements and views one registration (§6.2, §6.4); ``side`` reads the side
inputs; ``stream`` reads a message in bounded memory; ``index`` remembers each
behandlingsnummer compactly (§6.3, §6.5); ``frame`` checks the request around the
registrations; ``plausibility`` holds the judgements SPOR itself makes (§7.1, §7.3);
``ruleset`` the rule registry; ``rules`` the rules (one function per catalogue ID) and
``judging`` the loop that applies them; ``readings`` holds konform's readings of the guide
(where a check goes beyond its words) and ``iso8601`` tells ISO 8601:2004 from the
examples' form. The simulator's modules live here too: ``simulator``, ``behaviour`` (its
decisions and the fault profiles), ``independent`` (a correct SPOR written differently),
``control_api``, ``page`` (the upload page: what it shows a reader) and ``client``.
"""
