"""Consumer certification sessions: the vendor's own system is the subject.

A session starts a registry's simulator seeded with a test plan's data, hands the
connection details to the vendor's system (or its integration tests), and judges every
message it received and every task of the plan as done, not done or done wrongly, into
an evidence pack about that system. Each registry plugs in a hook module
(``konform.<registry>.consumer``) named in ``konform.consumer.registry``.
"""
