"""Builds the package; pyproject.toml holds its metadata. Here only: the screening modules listed in
sanctionwatch/screening/compiled.py compiled with Cython, optionally (no compiler, a failed
translation, or SANCTIONWATCH_PURE_PYTHON=1: the Python sources run as they are)."""

import json
import os
import runpy
import sys

from setuptools import Extension, setup

COMPILED = runpy.run_path(os.path.join("sanctionwatch", "screening", "compiled.py"))


def extensions():
    modules = COMPILED["MODULES"]
    if COMPILED["pure_python_requested"]():
        # An editable install keeps earlier compiled modules beside their sources, where Python would
        # still load them: pure means none.
        for module in modules:
            path = COMPILED["compiled_path"](module)
            if path is not None:
                path.unlink()
        return []
    try:
        from Cython.Build import cythonize

        # -ffp-contract=off: no fused multiply-add, so that every float is rounded as Python rounds it
        # and compiled scores equal the interpreted ones to the last bit.
        found = [Extension(m, [m.replace(".", "/") + ".py"], optional=True,
                           extra_compile_args=["-O2", "-ffp-contract=off"]) for m in modules]
        built = cythonize(found, build_dir="build/cython", quiet=True, force=True,
                          compiler_directives={"language_level": "3", "annotation_typing": False, "binding": True})
    except Exception as exc:  # noqa: BLE001 - compiling is optional: say why, install the sources
        print(f"sanctionwatch: screening modules not compiled ({exc.__class__.__name__}: {exc}); "
              "the Python sources will run", file=sys.stderr)
        return []
    # Which source each compiled module was made from: a compiled module whose source changed since is
    # stale (sanctionwatch.screening.compiled.status).
    manifest = {m: COMPILED["source_digest"](m) for m in modules}
    with open(COMPILED["MANIFEST"], "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True)
    return built


setup(ext_modules=extensions())
