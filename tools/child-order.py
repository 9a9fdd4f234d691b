#!/usr/bin/env python3
"""Derives tests/schema-order.txt: the order of child elements that the
ECMA-376 transitional schemas allow, for every element the given decks
contain (their parts, and the parts of their embedded workbooks).

    tools/child-order.py ../shared/tools/ooxml-xsd DECK.pptx... > tests/schema-order.txt

`cargo test --test schema_order` checks every part of the decks built from
decks/*.yaml against the table, without ../shared. Rerun this script when
deckgen starts writing an element the table does not have (the test names it).

How a content model becomes ranks: a sequence gives its particles rising
ranks; the branches of a choice start at the same rank; xsd:all, and a sequence or choice
that may repeat (maxOccurs > 1) gives all its elements one rank (any order);
group references are expanded, and an extension's own particles follow its
base type's. A child's rank must never fall below the rank of the child
before it. An element name with several types (c:tx is one thing in a series,
another in a title) gets one line per type; a parent passes if one fits.

Table format, one line per (element, type):
    ns PREFIX URI                      (the prefixes used below)
    ELEMENT TYPE any|closed CHILD=RANK CHILD=RANK ...
    ELEMENT TYPE text                  (a simple type: no children)
    ELEMENT - unchecked                (not in these schemas: Dublin Core, extensions)
`any`: the type also allows elements of other namespaces (xsd:any).
"""
import io
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

XSD = '{http://www.w3.org/2001/XMLSchema}'

PREFIX = {
    'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
    'http://schemas.openxmlformats.org/presentationml/2006/main': 'p',
    'http://schemas.openxmlformats.org/drawingml/2006/chart': 'c',
    'http://schemas.openxmlformats.org/drawingml/2006/chartDrawing': 'cdr',
    'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
    'http://schemas.openxmlformats.org/drawingml/2006/diagram': 'dgm',
    'http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas': 'lc',
    'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing': 'xdr',
    'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
    'http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes': 's',
    'http://schemas.openxmlformats.org/spreadsheetml/2006/main': 'x',
    'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
    'http://schemas.openxmlformats.org/package/2006/metadata/core-properties': 'cp',
    'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
    'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties': 'ep',
    'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes': 'vt',
    'http://purl.org/dc/elements/1.1/': 'dc',
    'http://purl.org/dc/terms/': 'dcterms',
    'http://schemas.microsoft.com/office/powerpoint/2010/main': 'p14',
}


def qname(uri, local):
    return f'{PREFIX.get(uri, "{" + uri + "}")}:{local}'


class Schemas:
    def __init__(self, folder):
        self.types = {}     # (uri, name) -> (element, nsmap, target)
        self.groups = {}    # (uri, name) -> (element, nsmap, target)
        self.elements = {}  # (uri, name) -> type key, for global elements
        self.local = {}     # qualified element name -> set of type keys
        for f in sorted(os.listdir(folder)):
            if f.endswith('.xsd'):
                self.load(os.path.join(folder, f))

    def load(self, path):
        nsmap = {}
        for ev, (p, uri) in ET.iterparse(path, events=['start-ns']):
            nsmap.setdefault(p, uri)
        root = ET.parse(path).getroot()
        target = root.get('targetNamespace')
        for el in root:
            name = el.get('name')
            if el.tag == XSD + 'complexType':
                self.types[(target, name)] = (el, nsmap, target)
            elif el.tag == XSD + 'group':
                self.groups[(target, name)] = (el, nsmap, target)
            elif el.tag == XSD + 'element':
                t = el.get('type')
                key = self.resolve(t, nsmap) if t else ('inline', target, name)
                if not t:
                    ct = el.find(XSD + 'complexType')
                    if ct is not None:
                        self.types[key] = (ct, nsmap, target)
                self.elements[(target, name)] = key
                self.local.setdefault(qname(target, name), set()).add(key)
        # local element declarations: their names and types
        for ctx in root.iter():
            if ctx.tag in (XSD + 'complexType', XSD + 'group') and ctx.get('name'):
                for el in ctx.iter(XSD + 'element'):
                    if el.get('name') and el.get('type'):
                        self.local.setdefault(qname(target, el.get('name')), set()).add(
                            self.resolve(el.get('type'), nsmap))

    @staticmethod
    def resolve(ref, nsmap):
        if ':' in ref:
            p, n = ref.split(':', 1)
        else:
            p, n = '', ref
        return (nsmap.get(p), n)

    def ranks(self, key):
        """child qualified name -> rank, and whether xsd:any is allowed."""
        out = {}
        state = {'any': False}
        if key not in self.types:
            return None, False
        el, nsmap, target = self.types[key]
        self.content(el, nsmap, target, 0, out, state, False, set())
        return out, state['any']

    def put(self, out, name, rank):
        if name not in out:
            out[name] = rank
        else:
            out[name] = min(out[name], rank)

    def content(self, node, nsmap, target, rank, out, state, flat, seen):
        """Adds the particles under `node` from `rank`; returns the next rank."""
        for ch in node:
            tag = ch.tag
            if tag == XSD + 'complexContent' or tag == XSD + 'simpleContent':
                rank = self.content(ch, nsmap, target, rank, out, state, flat, seen)
            elif tag in (XSD + 'extension', XSD + 'restriction'):
                base = self.resolve(ch.get('base'), nsmap)
                if tag == XSD + 'extension' and base in self.types and base not in seen:
                    bel, bns, btarget = self.types[base]
                    rank = self.content(bel, bns, btarget, rank, out, state, flat, seen | {base})
                rank = self.content(ch, nsmap, target, rank, out, state, flat, seen)
            elif tag == XSD + 'sequence':
                many = ch.get('maxOccurs', '1') != '1'
                if flat or many:
                    r = rank
                    self.content(ch, nsmap, target, r, out, state, True, seen)
                    rank = r + 1
                else:
                    rank = self.content(ch, nsmap, target, rank, out, state, False, seen)
            elif tag == XSD + 'all':
                # any order: one rank for all
                self.content(ch, nsmap, target, rank, out, state, True, seen)
                rank += 1
            elif tag == XSD + 'choice':
                many = ch.get('maxOccurs', '1') != '1'
                end = rank + 1
                for branch in ch:
                    fake = ET.Element('wrap')
                    fake.append(branch)
                    e = self.content(fake, nsmap, target, rank, out, state, flat or many, seen)
                    end = max(end, e)
                rank = rank + 1 if (flat or many) else end
            elif tag == XSD + 'group':
                g = self.resolve(ch.get('ref'), nsmap)
                many = ch.get('maxOccurs', '1') != '1'
                if g in self.groups and g not in seen:
                    gel, gns, gtarget = self.groups[g]
                    r = self.content(gel, gns, gtarget, rank, out, state, flat or many, seen | {g})
                    rank = rank + 1 if (flat or many) else r
            elif tag == XSD + 'element':
                if ch.get('ref'):
                    uri, n = self.resolve(ch.get('ref'), nsmap)
                    self.put(out, qname(uri, n), rank)
                else:
                    self.put(out, qname(target, ch.get('name')), rank)
                if not flat:
                    rank += 1
            elif tag == XSD + 'any':
                state['any'] = True
                if not flat:
                    rank += 1
        return rank


def names_in(data, found):
    """Every element name (qualified with PREFIX) in an XML part."""
    for ev, el in ET.iterparse(io.BytesIO(data), events=['start']):
        if el.tag.startswith('{'):
            uri, local = el.tag[1:].split('}', 1)
            found.add(qname(uri, local))
        else:
            found.add(':' + el.tag)


def scan(zbytes, found):
    with zipfile.ZipFile(io.BytesIO(zbytes)) as z:
        for n in z.namelist():
            data = z.read(n)
            if n.endswith('.xml') or n.endswith('.rels'):
                names_in(data, found)
            elif n.endswith('.xlsx'):
                scan(data, found)


def main():
    folder, decks = sys.argv[1], sys.argv[2:]
    s = Schemas(folder)
    found = set()
    for d in decks:
        with open(d, 'rb') as f:
            scan(f.read(), found)
    print('# Child order of every element deckgen writes, from the ECMA-376 transitional')
    print('# schemas (../shared/tools/ooxml-xsd). Made by tools/child-order.py; do not edit.')
    for uri, p in sorted(PREFIX.items(), key=lambda kv: kv[1]):
        print(f'ns {p} {uri}')
    missing = []
    for name in sorted(found):
        keys = sorted(s.local.get(name, set()), key=str)
        lines = set()
        for key in keys:
            ranks, anyok = s.ranks(key)
            if ranks is None:
                lines.add(f'{name} {key[1]} text')  # a simple type: text only
                continue
            kids = ' '.join(f'{k}={v}' for k, v in sorted(ranks.items(), key=lambda kv: (kv[1], kv[0])))
            lines.add(f'{name} {key[1]} {"any" if anyok else "closed"} {kids}'.rstrip())
        if not lines and not keys:
            missing.append(name)
        for line in sorted(lines):
            print(line)
    for name in missing:
        print(f'{name} - unchecked')  # not in these schemas (Dublin Core, extensions)


if __name__ == '__main__':
    main()
