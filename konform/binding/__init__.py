"""Schema bindings: konform's rules about concepts, run on the schema a registry hands its vendors.

A binding is a small TOML file beside (or pointing at) a registry's XSD/WSDL set. It says
where each concept the rules and the simulator use lives in that schema (an XPath over
declared namespace prefixes), and how the web service is addressed. konform's own schemas
are bindings too (``schemas/<registry>/binding.toml``), loaded through the same loader:
there is no second code path. docs/reference/bindings.md describes the file format.

The package knows no registry. A registry passes its concept set when it loads a binding:

``load(path, concepts=…, parents=…, aliases=…, schema_dir=None, sample=None) -> Binding``
    Read and check a binding. ``concepts`` is every concept the registry knows; ``parents``
    maps a concept to the concept its XPath is relative to (absent: the concept is a root,
    found anywhere in a message); ``aliases`` maps another spelling (``variable.310``) to a
    concept. ``schema_dir`` is where the schema files are (``--schema DIR``; default: the
    TOML's folder). With ``sample`` every mapped concept whose parent occurs in the sample
    must match something in it. Every problem raises ``BindingError`` with one line naming
    the file, the concept or the namespace.

``Binding``
    ``registry``, ``name``, ``version``, ``path`` (the TOML), ``main`` (the main XSD),
    ``wsdl`` (or None), ``files`` (every schema file), ``namespaces`` (prefix → URI),
    ``service`` (free keys such as ``path`` and ``soap_action``), ``concepts`` (concept →
    XPath, in the file's order). Methods:

    - ``xsd()``: the main XSD compiled (cached);
    - ``tag(concept)``: the Clark name ``{ns}local`` of the element the concept's last step names;
    - ``select(node, concept)``: every node (element, or attribute value) the concept matches
      relative to ``node``; ``first(node, concept)`` the first or None; ``text(node, concept)``
      its text or None;
    - ``write(node, concept, text)``: create the concept's path below ``node`` (reusing the
      last child that matches a step, so listing concepts in the schema's order writes a valid
      document) and set its text or attribute; returns the element written;
    - ``same_as(other)``: True when both bindings map every concept to the same place in the
      same namespaces (a registry may then skip translating).

Writable XPaths: steps ``p:name`` or ``p:name[@attr='value']`` joined by ``/``, optionally
ending in ``@attr`` (an attribute of the last element, or of the parent concept's element).
"""

from konform.binding.loader import Binding, BindingError, load

__all__ = ["Binding", "BindingError", "load"]
