"""LAR (Landsdækkende allergi/CAVE register, Denmark): MedicationAllergyService under DGWS 1.0.1.

``model`` holds the messages as data (§4, §5); ``schema`` our XSD and WSDL (schemas/lar/);
``rules`` the message rules under their catalogue IDs (§4.1.1, §4.2.1, §4.3); ``judge``
what ``konform validate lar`` reports, the DGWS header included; ``simulator`` (with
``service``, ``state``, ``control``) the register, ``behaviour`` its decisions and
``faults`` the broken variants; ``client`` and ``cards`` a vendor's side.
"""
