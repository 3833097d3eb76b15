#!/usr/bin/env python3
"""Extract the facts mgtui's conformance tests need from the official API spec.

    scripts/extract_spec_facts.py            # write tests/data/api_facts.json (and
                                             # tests/data/api_reference_facts.json)
    scripts/extract_spec_facts.py --check    # exit 1 if a file differs from the sources

Reads ../shared/api/openapi.json (or --spec PATH). Keeps only facts: each operation's
method and path, its parameters (name, place, type, required, allowed values), the keys
and types of its body schema, and the example responses the spec records. No summaries,
descriptions or other prose are copied. The output is one operation per line, sorted, so
a change in the spec shows as a readable diff.

From the newer rendered reference (../shared/api/mediagraph-api-reference.txt) it keeps
only which operations that openapi.json lacks are documented there, as names, found by
keywords that must share one line of the reference.
"""

import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "api" / "openapi.json"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "api" / "mediagraph-api-reference.txt"
OUT = ROOT / "tests" / "data" / "api_facts.json"
REFERENCE_OUT = ROOT / "tests" / "data" / "api_reference_facts.json"

# Operations mgtui uses that only the newer reference documents: name -> keywords.
REFERENCE_ONLY = {
    "bulk_job_undo": ("bulk job", "reverts the changes", "undo"),
    "asset_set_uploaded": ("/api/assets/:id/set_uploaded",),
}
METHODS = ("get", "post", "put", "patch", "delete", "head")


def param_facts(p):
    out = {"name": p.get("name"), "in": p.get("in"), "required": bool(p.get("required", False))}
    for key in ("type", "format", "enum", "collectionFormat"):
        if key in p:
            out[key] = p[key]
    if isinstance(p.get("items"), dict) and "type" in p["items"]:
        out["items"] = p["items"]["type"]
    schema = p.get("schema")
    if isinstance(schema, dict):
        out["schema"] = schema_facts(schema)
    return out


def schema_facts(schema, depth=0):
    """Property names and types of a body schema, nested a few levels."""
    out = {}
    if "type" in schema:
        out["type"] = schema["type"]
    props = schema.get("properties")
    if isinstance(props, dict) and depth < 4:
        out["properties"] = {
            k: schema_facts(v, depth + 1) if isinstance(v, dict) else {} for k, v in sorted(props.items())
        }
    if isinstance(schema.get("items"), dict) and depth < 4:
        out["items"] = schema_facts(schema["items"], depth + 1)
    if "required" in schema and isinstance(schema["required"], list):
        out["required"] = sorted(schema["required"])
    return out


def extract(spec):
    ops = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in METHODS or not isinstance(op, dict):
                continue
            examples = {}
            for code, resp in sorted(op.get("responses", {}).items()):
                ex = (resp.get("examples") or {}).get("application/json")
                if ex is not None:
                    examples[code] = ex
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "parameters": [param_facts(p) for p in op.get("parameters", []) if isinstance(p, dict)],
                    "examples": examples,
                }
            )
    ops.sort(key=lambda o: (o["path"], o["method"]))
    return ops


def reference_facts(text):
    lines = [l.lower() for l in text.splitlines()]
    found = [
        name
        for name, words in sorted(REFERENCE_ONLY.items())
        if any(all(w in l for w in words) for l in lines)
    ]
    return json.dumps({"documented_only_in_reference": found}, indent=1) + "\n"


def render(ops):
    lines = [json.dumps(o, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for o in ops]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", type=pathlib.Path, default=DEFAULT_SPEC)
    ap.add_argument("--reference", type=pathlib.Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args()
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    ops = extract(spec)
    outputs = [(OUT, render(ops), args.spec)]
    reference = args.reference.read_text(encoding="utf-8")
    outputs.append((REFERENCE_OUT, reference_facts(reference), args.reference))
    if args.check:
        stale = False
        for path, text, source in outputs:
            have = path.read_text(encoding="utf-8") if path.exists() else ""
            if have != text:
                print(
                    f"{path.relative_to(ROOT)} is out of date with {source}: "
                    "run scripts/extract_spec_facts.py and review the diff",
                    file=sys.stderr,
                )
                stale = True
            else:
                print(f"{path.relative_to(ROOT)} matches {source}")
        return 1 if stale else 0
    for path, text, _ in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(text)} bytes)")
    print(f"{len(ops)} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
