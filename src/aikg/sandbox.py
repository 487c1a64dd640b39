"""Confine a query worker: no internet sockets, bounded memory.

* :func:`deny_network` installs a seccomp filter (Linux, x86-64 and AArch64) under
  which ``socket(AF_INET | AF_INET6, ...)`` and ``io_uring_setup`` fail with
  ``EACCES``, for this process and every process it forks. Unix sockets and
  pipes still work, so the worker can answer its parent; nothing it runs (a
  SERVICE call, a DNS look-up, an HTTP fetch of a FROM graph) can reach a host.
* :func:`limit_memory` caps the address space at the current size plus a budget,
  so that a runaway query fails with an allocation error instead of exhausting
  the machine.

Both are best effort where the platform lacks them (they return ``False``); the
query screen (:mod:`aikg.sparql`) stays the first line of defence.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import platform
import resource
import struct
from typing import Final

__all__ = ["deny_network", "limit_memory", "address_space_bytes"]

# seccomp constants (linux/seccomp.h, linux/filter.h, linux/audit.h)
_PR_SET_NO_NEW_PRIVS: Final = 38
_PR_SET_SECCOMP: Final = 22
_SECCOMP_MODE_FILTER: Final = 2
_RET_ALLOW: Final = 0x7FFF0000
_RET_ERRNO: Final = 0x00050000 | errno.EACCES
_LD_W_ABS: Final = 0x20
_JEQ_K: Final = 0x15
_JGE_K: Final = 0x35
_RET_K: Final = 0x06
_X32_BIT: Final = 0x40000000
#: machine -> (AUDIT_ARCH, __NR_socket, __NR_io_uring_setup)
_ARCHES: Final = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
_AF_INET: Final = 2
_AF_INET6: Final = 10


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> bytes:
    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("=HBBI", code, jt, jf, k)

    return b"".join(
        [
            op(_LD_W_ABS, 4),  # 0: seccomp_data.arch
            op(_JEQ_K, arch, 1, 0),  # 1: native ABI? go on : refuse
            op(_RET_K, _RET_ERRNO),  # 2
            op(_LD_W_ABS, 0),  # 3: seccomp_data.nr
            op(_JGE_K, _X32_BIT, 6, 0),  # 4: x32 system calls: refuse
            op(_JEQ_K, nr_io_uring, 5, 0),  # 5: io_uring could open sockets: refuse
            op(_JEQ_K, nr_socket, 0, 3),  # 6: socket()? look at its domain : allow
            op(_LD_W_ABS, 16),  # 7: seccomp_data.args[0] (low half)
            op(_JEQ_K, _AF_INET, 2, 0),  # 8
            op(_JEQ_K, _AF_INET6, 1, 0),  # 9
            op(_RET_K, _RET_ALLOW),  # 10
            op(_RET_K, _RET_ERRNO),  # 11
        ]
    )


def deny_network() -> bool:
    """Forbid internet sockets to this process and its children; ``True`` if the filter is on."""
    arch = _ARCHES.get(platform.machine())
    if arch is None or not hasattr(os, "fork") or platform.system() != "Linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    except OSError:
        return False
    program = _program(*arch)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0)


def address_space_bytes() -> int:
    """This process's current virtual memory size (``VmSize``), in bytes."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def limit_memory(budget_bytes: int) -> bool:
    """Cap this process's address space at its current size plus *budget_bytes*."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = address_space_bytes() + budget_bytes
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        return False
    return True
