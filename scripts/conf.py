"""Prints one value of wasm-pack.toml or Cargo.lock for the shell scripts.

  conf.py tool NAME        a pinned tool version from wasm-pack.toml [tools]
  conf.py build KEY        a value from [build]
  conf.py wasm-opt-args    the wasm-opt arguments, one per line
  conf.py lock CRATE       the version of CRATE in Cargo.lock
"""
import sys
import tomllib
from pathlib import Path

root = Path(__file__).resolve().parent.parent
what = sys.argv[1]
if what == "lock":
    lock = tomllib.loads((root / "Cargo.lock").read_text())
    versions = {p["version"] for p in lock["package"] if p["name"] == sys.argv[2]}
    if len(versions) != 1:
        sys.exit(f"Cargo.lock has {len(versions)} versions of {sys.argv[2]}")
    print(versions.pop())
else:
    conf = tomllib.loads((root / "wasm-pack.toml").read_text())
    if what == "tool":
        print(conf["tools"][sys.argv[2]])
    elif what == "build":
        print(conf["build"][sys.argv[2]])
    elif what == "wasm-opt-args":
        print("\n".join(conf["wasm-opt"]["args"]))
    else:
        sys.exit(f"unknown query {what}")
