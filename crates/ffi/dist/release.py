#!/usr/bin/env python3
"""The C ABI (libqris) for every machine it ships to: cross builds, their tests
under emulation, release bundles and installs. The Makefile's `cross`, `dist`,
`install TARGET=...`, `bundles` and `cross-all` targets call this script.

    release.py build      TARGET         libqris for TARGET (Linux: glibc 2.17)
    release.py check      TARGET         exports, glibc symbols, C tests and the
                                         C example, run on TARGET (emulated)
    release.py install    TARGET PREFIX  the bundle's layout under PREFIX ($DESTDIR honoured)
    release.py dist       TARGET         dist/qris-<version>-<TARGET>.tar.gz (.zip for Windows)
    release.py check-dist TARGET         unpack the bundle; build the C example against it
                                         with CMake and with pkg-config; run it (emulated)
    release.py all        TARGET         build, check, dist, check-dist

Linux builds use cargo-zigbuild (zig from PyPI) against glibc 2.17; Windows
builds use Debian's mingw-w64 and run under Wine; ARM builds run under
qemu-user. Missing tools are named with the Debian or PyPI package that has them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DIST_SRC = Path(__file__).resolve().parent
CARGO = os.environ.get("CARGO", "cargo")
TARGET_DIR = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target").resolve()
GLIBC_FLOOR = (2, 17)


@dataclass(frozen=True)
class Target:
    triple: str
    os: str  # "linux" or "windows"
    cc: str  # the C compiler a vendor would use (Debian's cross compilers)
    binutils: str  # prefix of objdump/nm/ar/objcopy
    runner: tuple[str, ...] = ()  # how to run its programs here
    sysroot: str = ""  # qemu-user's -L
    cmake_system: str = "Linux"
    cmake_processor: str = "x86_64"
    pointer_size: int = 8
    apt: tuple[str, ...] = field(default_factory=tuple)


TARGETS = {
    t.triple: t
    for t in [
        Target("x86_64-unknown-linux-gnu", "linux", "gcc", "", apt=("gcc", "binutils")),
        Target(
            "aarch64-unknown-linux-gnu",
            "linux",
            "aarch64-linux-gnu-gcc",
            "aarch64-linux-gnu-",
            runner=("qemu-aarch64",),
            sysroot="/usr/aarch64-linux-gnu",
            cmake_processor="aarch64",
            apt=("gcc-aarch64-linux-gnu", "qemu-user"),
        ),
        Target(
            "armv7-unknown-linux-gnueabihf",
            "linux",
            "arm-linux-gnueabihf-gcc",
            "arm-linux-gnueabihf-",
            runner=("qemu-arm",),
            sysroot="/usr/arm-linux-gnueabihf",
            cmake_processor="armv7l",
            pointer_size=4,
            apt=("gcc-arm-linux-gnueabihf", "qemu-user"),
        ),
        Target(
            "x86_64-pc-windows-gnu",
            "windows",
            "x86_64-w64-mingw32-gcc",
            "x86_64-w64-mingw32-",
            runner=("wine64",),
            cmake_system="Windows",
            apt=("gcc-mingw-w64-x86-64", "wine64", "nasm"),
        ),
    ]
}


def version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def die(msg: str) -> None:
    sys.exit(f"release.py: {msg}")


def run(cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("check", True)
    print("+", " ".join(str(c) for c in cmd), flush=True)
    try:
        return subprocess.run([str(c) for c in cmd], **kw)
    except FileNotFoundError:
        die(f"{cmd[0]} is not installed")
    except subprocess.CalledProcessError as e:
        out = (e.stdout or "") + (e.stderr or "") if kw.get("text") else ""
        die(f"failed ({e.returncode}): {' '.join(str(c) for c in cmd)}\n{out}")


def need(t: Target, *tools: str) -> None:
    missing = [x for x in tools if shutil.which(x) is None]
    if missing:
        die(f"missing {', '.join(missing)}: install the Debian packages {' '.join(t.apt)} "
            "(.ci/run does), and cargo-zigbuild + ziglang from PyPI for Linux targets (make cross does)")


def wine() -> str:
    for w in ("wine64", "/usr/lib/wine/wine64", "wine"):
        if shutil.which(w):
            return shutil.which(w)
    die("wine64 is not installed (Debian package wine64)")


def header_functions() -> list[str]:
    """Every function of the C ABI, from the generated header (the one list)."""
    text = (ROOT / "include/libqris.h").read_text()
    return sorted(set(re.findall(r"\b(qris_[a-z0-9_]+)\(", text)))


def built(t: Target) -> Path:
    return TARGET_DIR / t.triple / "release"


def static_libs(t: Target) -> str:
    path = built(t) / "native-static-libs.txt"
    if not path.exists():
        die(f"{t.triple} is not built: run `release.py build {t.triple}` first")
    return path.read_text().strip()


# ---------------------------------------------------------------- build


def build(t: Target) -> None:
    have = run(["rustup", "target", "list", "--installed"], capture_output=True, text=True).stdout.split()
    if t.triple not in have:
        run(["rustup", "target", "add", t.triple])
    # `cargo rustc` so that rustc prints the system libraries a static link needs
    # (cargo replays the note when nothing was rebuilt).
    args = ["rustc", "--release", "-p", "qris-ffi", "--lib"]
    if t.os == "linux":
        need(t, "cargo-zigbuild", t.cc)
        cmd = ["cargo-zigbuild", *args, "--target", f"{t.triple}.{GLIBC_FLOOR[0]}.{GLIBC_FLOOR[1]}"]
    else:
        need(t, t.cc, "nasm")
        cmd = [CARGO, *args, "--target", t.triple]
    out = run([*cmd, "--", "--print", "native-static-libs"], capture_output=True, text=True)
    sys.stderr.write(out.stderr[-2000:])
    found = re.findall(r"native-static-libs: (.*)", out.stderr)
    if not found:
        die("rustc did not print the native static libraries")
    libs = found[-1].strip()
    if t.os == "windows":
        # winpthreads (used by AWS-LC) comes with rustc's own late link arguments,
        # which it does not print: a C program's static link has to name it.
        libs += " -l:libpthread.a"
        link_dll(t, libs)
    (built(t) / "native-static-libs.txt").write_text(libs + "\n")
    print(f"{t.triple}: built; static links need: {libs}")


def link_dll(t: Target, libs: str) -> None:
    """qris.dll + libqris.dll.a from the static library, exporting exactly the
    header's functions (a .def file). rustc's own cdylib cannot be used as is: it
    is named qris_ffi.dll and also exports AWS-LC's jitterentropy functions
    (their objects carry -export: directives), which are stripped here."""
    out = built(t)
    work = out / "qris-dll"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    ar = t.binutils + "ar"
    archive = out / "libqris_ffi.a"
    members = run([ar, "t", archive], capture_output=True, text=True).stdout.split()
    exporting = [m for m in set(members) if "jitterentropy" in m]
    if not exporting:
        die("no jitterentropy objects in the static library: check the export list by hand")
    for m in exporting:
        run([ar, "x", archive, m], cwd=work)
        run([t.binutils + "objcopy", "--remove-section=.drectve", work / m])
    names = header_functions()
    (work / "qris.def").write_text("LIBRARY qris.dll\nEXPORTS\n" + "".join(f"    {n}\n" for n in names))
    # The fixed objects come first, so the archive's copies are never pulled in.
    run([
        t.cc, "-fno-use-linker-plugin", "-shared", "-static-libgcc", "-o", out / "qris.dll",
        work / "qris.def", *[f"-Wl,-u,{n}" for n in names], *sorted(work.glob("*.o")), archive,
        f"-Wl,--out-implib,{out / 'libqris.dll.a'}", "-Wl,--gc-sections", "-Wl,-O1", "-Wl,--strip-debug",
        "-Wl,--dynamicbase", "-Wl,--nxcompat", "-Wl,--high-entropy-va", *libs.split(),
    ])


# ---------------------------------------------------------------- layout


def pc_file(t: Target, prefix: str) -> str:
    text = (ROOT / "crates/ffi/libqris.pc.in").read_text()
    return (text.replace("@PREFIX@", prefix).replace("@VERSION@", version())
            .replace("@LIBS_PRIVATE@", static_libs(t)))


def cmake_files(t: Target) -> dict[str, str]:
    v = version()
    if t.os == "windows":
        shared = ('IMPORTED_LOCATION "${_qris_prefix}/lib/qris.dll"\n'
                  '    IMPORTED_IMPLIB "${_qris_prefix}/lib/libqris.dll.a"')
    else:
        shared = (f'IMPORTED_LOCATION "${{_qris_prefix}}/lib/libqris.so.{v}"\n'
                  f'    IMPORTED_SONAME "libqris.so.{v.split(".")[0]}"')
    subst = {
        "@VERSION@": v,
        "@TARGET@": t.triple,
        "@SHARED_PROPERTIES@": shared,
        "@STATIC_LIBS@": ";".join(static_libs(t).split()),
        "@MAJOR_MINOR@": ".".join(v.split(".")[:2]),
        "@POINTER_SIZE@": str(t.pointer_size),
    }
    files = {}
    for name in ("qrisConfig.cmake", "qrisConfigVersion.cmake"):
        text = (DIST_SRC / f"{name}.in").read_text()
        for k, val in subst.items():
            text = text.replace(k, val)
        files[name] = text
    return files


def stage(t: Target, root: Path, pc_prefix: str, bundle: bool) -> None:
    """The installed layout under `root`: include/, lib/ (shared + static),
    lib/pkgconfig/libqris.pc, lib/cmake/qris/ (and, for a bundle, licences and README)."""
    v = version()
    out = built(t)
    lib = root / "lib"
    (root / "include").mkdir(parents=True, exist_ok=True)
    (lib / "pkgconfig").mkdir(parents=True, exist_ok=True)
    (lib / "cmake/qris").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "include/libqris.h", root / "include/libqris.h")
    static_library(t, out / "libqris_ffi.a", lib / "libqris.a")
    if t.os == "windows":
        shutil.copyfile(out / "qris.dll", lib / "qris.dll")
        shutil.copyfile(out / "libqris.dll.a", lib / "libqris.dll.a")
    else:
        real = lib / f"libqris.so.{v}"
        shutil.copyfile(out / "libqris_ffi.so", real)
        real.chmod(0o755)
        for link, to in ((f"libqris.so.{v.split('.')[0]}", real.name), ("libqris.so", f"libqris.so.{v.split('.')[0]}")):
            (lib / link).unlink(missing_ok=True)
            (lib / link).symlink_to(to)
    (lib / "pkgconfig/libqris.pc").write_text(pc_file(t, pc_prefix))
    for name, text in cmake_files(t).items():
        (lib / "cmake/qris" / name).write_text(text)
    if bundle:
        for f in ("LICENSE-MIT", "LICENSE-APACHE"):
            shutil.copyfile(ROOT / f, root / f)
        (root / "README.md").write_text(bundle_readme(t))


def static_library(t: Target, src: Path, dst: Path) -> None:
    """The static library without debug information and the LLVM bitcode rustc
    leaves in it (about a quarter of the size; linkers' LTO plugins also warn
    about the bitcode). mingw archives also hold empty split-debug members that
    binutils refuses, dropped first. The bundle checks link what this writes."""
    shutil.copyfile(src, dst)
    ar = t.binutils + "ar"
    quiet = dict(capture_output=True, text=True)
    if t.os == "windows":
        dwo = sorted({m for m in run([ar, "t", dst], **quiet).stdout.split() if m.endswith(".dwo")})
        if dwo:
            run([ar, "d", dst, *dwo], **quiet)
    run([t.binutils + "strip", "--strip-debug", "-R", ".llvmbc", "-R", ".llvmcmd", dst], **quiet)


def bundle_readme(t: Target) -> str:
    v = version()
    if t.os == "windows":
        layout = ("- `lib/qris.dll`: the DLL (exports only `qris_` functions), with its import library\n"
                  "  `lib/libqris.dll.a`; ship `qris.dll` next to your program.\n"
                  "- `lib/libqris.a`: the static library.\n")
        notes = ("Windows 10 or newer (the DLL imports `ProcessPrng` from bcryptprimitives.dll).\n"
                 "Built with mingw-w64; MSVC programs can use the DLL through `qris.dll` and a\n"
                 "`.lib` made from it (`lib /def:`), or link the static library with mingw-w64 only.")
    else:
        major = v.split(".")[0]
        layout = (f"- `lib/libqris.so.{v}` (SONAME `libqris.so.{major}`) and its links.\n"
                  "- `lib/libqris.a`: the static library.\n")
        notes = "Runs on Linux with glibc 2.17 or newer (CentOS 7 and later, any current distribution)."
    layout = ("Layout:\n\n- `include/libqris.h`: the API, documented.\n" + layout +
              "- `lib/pkgconfig/libqris.pc`, `lib/cmake/qris/`: for pkg-config and CMake.")
    text = (DIST_SRC / "README.bundle.md").read_text()
    for k, val in {"@VERSION@": v, "@TARGET@": t.triple, "@LAYOUT@": layout,
                   "@STATIC_LIBS@": static_libs(t), "@PLATFORM_NOTES@": notes}.items():
        text = text.replace(k, val)
    return text


def bundle_name(t: Target) -> str:
    return f"qris-{version()}-{t.triple}"


def bundle_path(t: Target) -> Path:
    return ROOT / "dist" / (bundle_name(t) + (".zip" if t.os == "windows" else ".tar.gz"))


def install(t: Target, prefix: str) -> None:
    dest = os.environ.get("DESTDIR", "")
    root = Path(dest + prefix) if dest else Path(prefix)
    stage(t, root, prefix, bundle=False)
    print(f"installed libqris {version()} for {t.triple} under {root}")


def dist(t: Target) -> None:
    out = bundle_path(t)
    out.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / bundle_name(t)
        # pcfiledir: the .pc file finds the bundle wherever it is unpacked.
        stage(t, root, "${pcfiledir}/../..", bundle=True)
        if t.os == "windows":
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                for p in sorted(root.rglob("*")):
                    if p.is_file():
                        z.write(p, p.relative_to(root.parent))
        else:
            with tarfile.open(out, "w:gz") as tar:
                tar.add(root, arcname=root.name)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.1f} MB")


# ---------------------------------------------------------------- running programs


def runner(t: Target, exe: Path, args=(), libdir: Path | None = None) -> list:
    if t.os == "windows":
        # DLLs are found next to the program (the shim only exists for Wine).
        if libdir is not None:
            shutil.copyfile(libdir / "qris.dll", exe.parent / "qris.dll")
        shutil.copyfile(wine_shim(t), exe.parent / "bcryptprimitives.dll")
        return [wine(), exe, *args]
    if t.runner:
        env = ["-E", f"LD_LIBRARY_PATH={libdir}"] if libdir else []
        return [*t.runner, "-L", t.sysroot, *env, exe, *args]
    return [exe, *args]


def run_program(t: Target, exe: Path, args=(), libdir: Path | None = None, expect_rc: int = 0) -> str:
    """Runs a program built for `t` here; returns what it printed (stdout, then
    stderr), with Windows line ends made Unix ones. Fails unless it exits with
    `expect_rc`."""
    env = dict(os.environ)
    if t.os == "windows":
        env.update(WINEPREFIX=str(TARGET_DIR / "wineprefix"), WINEDEBUG="-all",
                   WINEDLLOVERRIDES="mscoree,mshtml=")
    elif not t.runner and libdir:
        env["LD_LIBRARY_PATH"] = str(libdir)
    res = run(runner(t, exe, args, libdir), capture_output=True, text=True, env=env, cwd=exe.parent, check=False)
    text = (res.stdout + res.stderr).replace("\r\n", "\n")
    if res.returncode != expect_rc:
        die(f"{exe.name} exited with {res.returncode}, not {expect_rc}:\n{text}")
    return text


def wine_shim(t: Target) -> Path:
    out = TARGET_DIR / "wine-shim" / "bcryptprimitives.dll"
    src = DIST_SRC / "wine/bcryptprimitives.c"
    if not out.exists() or out.stat().st_mtime < src.stat().st_mtime:
        out.parent.mkdir(parents=True, exist_ok=True)
        (out.parent / "bcryptprimitives.def").write_text("LIBRARY bcryptprimitives.dll\nEXPORTS\n    ProcessPrng\n")
        run([t.cc, "-shared", "-O2", "-o", out, src, out.parent / "bcryptprimitives.def", "-lbcrypt"])
    return out


# ---------------------------------------------------------------- checks


def exported_symbols(t: Target, lib: Path) -> list[str]:
    if t.os == "windows":
        text = run([t.binutils + "objdump", "-p", lib], capture_output=True, text=True).stdout
        table = text.split("[Ordinal/Name Pointer] Table", 1)[1].split("\n\n", 1)[0]
        return sorted(re.findall(r"\]\s+(\S+)", table))
    text = run([t.binutils + "nm", "-D", "--defined-only", "--format=posix", lib],
               capture_output=True, text=True).stdout
    return sorted(line.split()[0] for line in text.splitlines() if line.strip())


def check_exports(t: Target) -> None:
    lib = built(t) / ("qris.dll" if t.os == "windows" else "libqris_ffi.so")
    got, want = exported_symbols(t, lib), header_functions()
    if got != want:
        die(f"{lib.name} exports differ from the header: extra {sorted(set(got) - set(want))}, "
            f"missing {sorted(set(want) - set(got))}")
    print(f"{lib.name}: exports exactly the header's {len(want)} qris_ functions")


def check_glibc(t: Target) -> None:
    so = built(t) / "libqris_ffi.so"
    text = run([t.binutils + "objdump", "-T", so], capture_output=True, text=True).stdout
    versions = {tuple(int(x) for x in v.split(".")) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", text)}
    newest = max(versions)
    if newest > GLIBC_FLOOR:
        too_new = sorted(line for line in text.splitlines()
                         if any(f"GLIBC_{'.'.join(map(str, v))}" in line for v in versions if v > GLIBC_FLOOR))
        die(f"{so.name} needs glibc {'.'.join(map(str, newest))}, above 2.17:\n" + "\n".join(too_new))
    print(f"{so.name}: newest glibc symbol version {'.'.join(map(str, newest))} (floor 2.17)")


def published_dynamic_prefix() -> tuple[str, str, str]:
    """GoPay's own static code and the dynamic code it issued for 17000, up to
    the end of tag 61 (tests/vectors/qris-conversion.tsv): a converter's output
    must equal it byte for byte that far."""
    rows = (ROOT / "tests/vectors/qris-conversion.tsv").read_text().splitlines()
    head = rows[0].split("\t")
    row = dict(zip(head, rows[1].split("\t")))
    issued, i = row["issuer_dynamic"], 0
    while i < len(issued):
        tag, n = issued[i:i + 2], int(issued[i + 2:i + 4])
        i += 4 + n
        if tag == "61":
            return row["static"], row["amount"], issued[:i]
    die("qris-conversion.tsv: no tag 61 in the first row's dynamic code")


def run_example(t: Target, exe: Path, libdir: Path | None = None) -> str:
    """The POS example twice. As is: its sale of Rp 100000 is paid by Midtrans'
    documented notification, so the goods are handed over and a forgery is
    refused. Then with GoPay's published static code and amount 17000: the
    dynamic code must equal the one GoPay issued through tag 61, and the same
    genuine notification (for Rp 100000) must not hand over a Rp 17000 sale."""
    first = run_program(t, exe, libdir=libdir)
    problems = []
    if "hand over the goods: YES" not in first:
        problems.append("the signed notification was not accepted")
    if "Forged notification: rejected" not in first:
        problems.append("the forged notification was not rejected")
    static, amount, prefix = published_dynamic_prefix()
    second = run_program(t, exe, [static, amount], libdir=libdir, expect_rc=1)
    payload = re.search(r"^Payload:  (.+)$", second, re.M)
    if not payload or not payload.group(1).startswith(prefix):
        problems.append(f"the dynamic code is not GoPay's published one through tag 61 ({prefix})")
    if "notification rejected: the notification is for another order or amount" not in second:
        problems.append("a notification for another amount was not rejected")
    if problems:
        die(f"{exe.name} on {t.triple}:\n  " + "\n  ".join(problems) + f"\n--- output:\n{first}\n---\n{second}")
    return first + second


def check(t: Target) -> None:
    need(t, t.cc, *(t.runner if t.os == "linux" else ()))
    check_exports(t)
    if t.os == "linux":
        check_glibc(t)
    out = built(t) / "c-tests"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    exe = ".exe" if t.os == "windows" else ""
    # Windows: the tests link the DLL (its import library); Linux: the static library.
    link = ([f"-L{built(t)}", "-lqris"] if t.os == "windows"
            else [built(t) / "libqris_ffi.a", *static_libs(t).split()])
    tests = sorted((ROOT / "crates/ffi/tests/c").glob("*.c"))
    for src in tests:
        prog = out / (src.stem + exe)
        run([t.cc, "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-fno-use-linker-plugin",
             f"-I{ROOT / 'include'}", f'-DQRIS_VECTORS_DIR="{ROOT / "tests/vectors"}"', src, *link, "-o", prog])
        print(run_program(t, prog, libdir=built(t) if t.os == "windows" else None).strip())
    print(f"{t.triple}: {len(tests)} C test programs passed")


def check_dist(t: Target) -> None:
    need(t, t.cc, "cmake", "pkg-config", *(t.runner if t.os == "linux" else ()))
    archive = bundle_path(t)
    if not archive.exists():
        die(f"{archive} is missing: run `release.py dist {t.triple}` first")
    with tempfile.TemporaryDirectory(prefix="qris-bundle-") as tmp:
        tmp = Path(tmp)
        if t.os == "windows":
            with zipfile.ZipFile(archive) as z:
                z.extractall(tmp)
        else:
            with tarfile.open(archive) as tar:
                tar.extractall(tmp, filter="tar")
        root = tmp / bundle_name(t)
        lib = root / "lib"
        expect = ["include/libqris.h", "lib/libqris.a", "lib/pkgconfig/libqris.pc", "lib/cmake/qris/qrisConfig.cmake",
                  "lib/cmake/qris/qrisConfigVersion.cmake", "LICENSE-MIT", "LICENSE-APACHE", "README.md"]
        expect += (["lib/qris.dll", "lib/libqris.dll.a"] if t.os == "windows"
                   else [f"lib/libqris.so.{version()}", f"lib/libqris.so.{version().split('.')[0]}", "lib/libqris.so"])
        missing = [e for e in expect if not (root / e).exists()]
        if missing:
            die(f"{archive.name} lacks {missing}")
        exe = ".exe" if t.os == "windows" else ""
        src = ROOT / "examples/c/pos_demo.c"
        outputs = {}

        # pkg-config, as README.md shows: shared, then static.
        env = dict(os.environ, PKG_CONFIG_PATH=str(lib / "pkgconfig"), PKG_CONFIG_LIBDIR=str(lib / "pkgconfig"))
        flags = run(["pkg-config", "--cflags", "--libs", "libqris"], capture_output=True, text=True, env=env).stdout.split()
        cflags = run(["pkg-config", "--cflags", "libqris"], capture_output=True, text=True, env=env).stdout.split()
        private = run(["pkg-config", "--static", "--libs-only-l", "libqris"], capture_output=True, text=True,
                      env=env).stdout.split()
        private = [f for f in private if f != "-lqris"]
        warn = ["-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-fno-use-linker-plugin"]
        prog = tmp / f"pkgconfig-shared{exe}"
        run([t.cc, *warn, src, *flags, "-o", prog])
        outputs["pkg-config, shared"] = run_example(t, prog, libdir=lib)
        prog = tmp / f"pkgconfig-static{exe}"
        run([t.cc, *warn, src, *cflags, lib / "libqris.a", *private, "-o", prog])
        outputs["pkg-config, static"] = run_example(t, prog)

        # CMake: find_package(qris) from the bundle, both imported targets.
        build_dir = tmp / "cmake-build"
        cfg = ["cmake", "-S", ROOT / "examples/c", "-B", build_dir, f"-DCMAKE_PREFIX_PATH={root}",
               f"-DCMAKE_C_COMPILER={shutil.which(t.cc)}", "-DCMAKE_BUILD_TYPE=Release",
               "-DCMAKE_C_FLAGS=-fno-use-linker-plugin"]
        if t.cmake_system != "Linux" or t.runner:
            cfg += [f"-DCMAKE_SYSTEM_NAME={t.cmake_system}", f"-DCMAKE_SYSTEM_PROCESSOR={t.cmake_processor}",
                    "-DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=BOTH"]
        run(cfg, capture_output=True, text=True)
        run(["cmake", "--build", build_dir], capture_output=True, text=True)
        outputs["CMake, qris::qris"] = run_example(t, build_dir / f"pos_demo{exe}", libdir=lib)
        outputs["CMake, qris::qris_static"] = run_example(t, build_dir / f"pos_demo_static{exe}")

        first = next(iter(outputs.values()))
        for what, text in outputs.items():
            if text != first:
                die(f"{t.triple}: {what} printed something else than the others:\n{text}\n---\n{first}")
        print(f"{archive.name}: the C example built with pkg-config and CMake (shared and static) "
              f"and ran on {t.triple} with identical output")


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] not in ("build", "check", "install", "dist", "check-dist", "all"):
        die(__doc__)
    cmd, triple = argv[1], argv[2]
    if triple not in TARGETS:
        die(f"unknown target {triple}: one of {', '.join(TARGETS)}")
    t = TARGETS[triple]
    if cmd == "build":
        build(t)
    elif cmd == "check":
        check(t)
    elif cmd == "install":
        if len(argv) < 4:
            die("install needs a PREFIX")
        install(t, argv[3])
    elif cmd == "dist":
        dist(t)
    elif cmd == "check-dist":
        check_dist(t)
    else:
        build(t)
        check(t)
        dist(t)
        check_dist(t)


if __name__ == "__main__":
    main(sys.argv)
