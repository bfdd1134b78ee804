"""Array-namespace helpers: one code path for NumPy, CuPy and PyTorch.

The engines are written against the Python array API standard through
``array-api-compat``: every function takes arrays, asks them for their namespace ``xp`` and
uses only standard functions on it. NumPy is the default; CuPy or PyTorch arrays (on any
device) run the same code. Host-side post-processing converts with :func:`to_numpy`.
"""

from __future__ import annotations

from typing import Any

import array_api_compat
import numpy as np

Array = Any
"""An array of any array-API namespace (NumPy, CuPy, PyTorch...)."""


def namespace(*arrays: Array) -> Any:
    """Return the array-API namespace shared by ``arrays``."""
    return array_api_compat.array_namespace(*arrays)


def resolve_namespace(xp: Any = None) -> Any:
    """Return an array-API namespace: ``xp`` wrapped for compatibility, or NumPy's."""
    if xp is None:
        return array_api_compat.array_namespace(np.empty(0))
    if isinstance(xp, str):
        return _namespace_by_name(xp)
    return array_api_compat.array_namespace(xp.empty(0))


def _namespace_by_name(name: str) -> Any:
    import importlib

    module = importlib.import_module(name)
    return array_api_compat.array_namespace(module.empty(0))


def asarray(xp: Any, values: Any, device: Any = None) -> Array:
    """Return ``values`` as a float64 array of namespace ``xp`` on ``device``."""
    if device is None:
        return xp.asarray(values, dtype=xp.float64)
    return xp.asarray(values, dtype=xp.float64, device=device)


def device_of(x: Array) -> Any:
    """Return the device an array lives on."""
    return array_api_compat.device(x)


def to_numpy(x: Array) -> np.ndarray[Any, Any]:
    """Copy an array of any namespace to a NumPy array on the host."""
    if isinstance(x, np.ndarray):
        return x
    if array_api_compat.is_cupy_array(x):
        return np.asarray(x.get())
    if array_api_compat.is_torch_array(x):
        return np.asarray(x.detach().cpu().numpy())
    try:
        return np.from_dlpack(x)
    except (AttributeError, TypeError, BufferError, RuntimeError):  # no host DLPack: __array__
        return np.asarray(x)


def take_rows(xp: Any, x: Array, index: Array, axis: int = -1) -> Array:
    """Gather along ``axis``: ``out[k] = x[index[k]]`` slice by slice (take_along_axis)."""
    return xp.take_along_axis(x, index, axis=axis)


def lexsort_rows(xp: Any, keys: tuple[Array, ...], axis: int = -1) -> Array:
    """Return, slice by slice, the permutation sorting by ``keys[0]``, then ``keys[1]``, ...

    All keys have the same 2-D shape; the sort runs along ``axis`` and is stable, so the
    order depends only on the key values, never on where an actor stood in the input,
    unless two actors share every key (and are then interchangeable).
    """
    shape = keys[0].shape
    n = shape[axis]
    ramp = xp.arange(n, device=device_of(keys[0]))
    ramp = xp.reshape(ramp, (1, n)) if axis in (-1, 1) else xp.reshape(ramp, (n, 1))
    perm = xp.broadcast_to(ramp, shape)
    for key in reversed(keys):
        order = xp.argsort(take_rows(xp, key, perm, axis), axis=axis, stable=True)
        perm = take_rows(xp, perm, order, axis)
    return perm


def inverse_permutation(xp: Any, perm: Array, axis: int = -1) -> Array:
    """Return, slice by slice, the inverse of the permutations in ``perm`` along ``axis``."""
    return xp.argsort(perm, axis=axis, stable=True)


def first_true(xp: Any, mask: Array, axis: int = -1) -> Array:
    """Index of the first ``True`` along ``axis`` (0 where none is true).

    Computed as the minimum of ``k`` (where true) or ``n`` (where false), reduced modulo
    ``n``, in the narrowest integer type that holds ``2n``: a minimum reduction runs along
    any axis without the copy that ``argmax`` makes to bring its axis last.
    """
    n = mask.shape[axis]
    dtype = xp.int8 if n < 64 else xp.int16 if n < 16384 else xp.int32
    shape = [1] * mask.ndim
    shape[axis] = n
    ramp = xp.reshape(xp.arange(n, dtype=dtype, device=device_of(mask)), tuple(shape))
    missing = 1 - xp.astype(mask, dtype)
    return xp.astype(xp.min(ramp + missing * n, axis=axis) % n, xp.int64)


HOST_POOL_BYTES = 2**25 - 2**20
"""Size of the allocation :func:`prime_host_allocator` makes and frees (31 MiB).

glibc adjusts its thresholds only for freed blocks of at most 32 MiB (64-bit builds)."""


def prime_host_allocator(x: Array) -> None:
    """Let the C allocator reuse freed NumPy temporaries instead of returning them to the OS.

    The engines create many short-lived arrays of a few hundred kilobytes per round. glibc's
    ``malloc`` serves blocks above its *mmap threshold* (128 KiB at start-up) with fresh
    pages from the kernel and hands them back on ``free``, so every temporary pays one page
    fault per 4 KiB page; measured here that is more than half of the run time. glibc raises
    that threshold (and the heap's trim threshold, to twice as much) when a larger mapped
    block is freed — its documented dynamic adjustment (``mallopt(3)``, ``M_MMAP_THRESHOLD``)
    — after which temporaries come from the heap and stay warm. Allocating and freeing one
    31 MiB block without touching it triggers that adjustment once per process; the cost
    is a few microseconds and the process may keep up to 62 MiB of freed heap. For arrays
    other than NumPy's (GPU memory), and with other C libraries, nothing happens.
    """
    if isinstance(x, np.ndarray):
        block = np.empty(HOST_POOL_BYTES, dtype=np.uint8)
        del block
