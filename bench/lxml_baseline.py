"""The baseline for `konform validate`: plain lxml whole-tree XSD validation of the same files.

`python -m bench.lxml_baseline XSD NAMESPACE FILE…` compiles XSD once, then parses each
file whole and validates its first element in NAMESPACE (the export's root, or the
message inside a SOAP envelope or MsgHead). Exit 0 if every file is valid, else 1.
"""

from __future__ import annotations

import sys

from lxml import etree


def main(arguments: list[str]) -> int:
    xsd, namespace, *files = arguments
    schema = etree.XMLSchema(etree.parse(xsd))
    valid = True
    for name in files:
        root = etree.parse(name).getroot()
        payload = next(element for element in root.iter() if etree.QName(element).namespace == namespace)
        valid = schema.validate(payload) and valid
    return 0 if valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
