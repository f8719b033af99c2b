"""SPOR 4.1 (Svenskt PeriOperativt Register): schema, registration model, consumer rules, simulator.

Consumer side (``konform validate spor``): ``schema`` loads our XSD and words libxml2's
errors as SPOR's ``cvc-…`` messages (§7.2.2); ``model`` maps the guide's variable
numbers to elements and views one registration (§6.2, §6.4); ``side`` reads the side
inputs; ``stream`` reads a message in bounded memory; ``index`` remembers each
behandlingsnummer compactly (§6.3, §6.5); ``frame`` checks the request around the
registrations; ``plausibility`` holds the judgements SPOR itself makes (§7.1, §7.3);
``ruleset`` the rule registry; ``rules`` the rules (one function per catalogue ID) and
``judging`` the loop that applies them. The simulator's modules live here too.
"""
