"""Reading a file named on the command line, with the same bounds as an upload.

`/dev/zero`, a FIFO or a 10 GB file would make a plain `read_bytes()` read for ever or
fill the memory; they are refused by what `stat` says, before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class InputFileError(ValueError):
    """The file cannot be read as input; the message is one line, Chinese and English."""


def read_input_file(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes` of them."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputFileError(
            f"无法打开文件 {path}：{error.strerror} (cannot open {path}: {error.strerror})"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"{path} 是目录，不是文件 ({path} is a directory, not a file)")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(
            f"{path} 不是普通文件（设备、管道或套接字），已拒绝读取 "
            f"({path} is not a regular file: a device, FIFO or socket)"
        )
    limit = f"{max_bytes // (1024 * 1024)} MB"
    too_large = InputFileError(
        f"文件 {path} 超过 {limit}，已拒绝读取 ({path} is larger than {limit})"
    )
    if info.st_size > max_bytes:
        raise too_large
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputFileError(
            f"无法读取文件 {path}：{error.strerror} (cannot read {path}: {error.strerror})"
        ) from None
    if len(data) > max_bytes:  # it grew after stat
        raise too_large
    return data


def write_output_file(path: Path, data: bytes) -> None:
    """Write `data` to `path`; a directory, a missing folder or no permission is an
    InputFileError with one line in Chinese and English, never a traceback."""
    if path.is_dir():
        raise InputFileError(
            f"{path} 是目录，请给出文件名 ({path} is a directory: give a file name)"
        )
    if not path.parent.is_dir():
        raise InputFileError(f"目录 {path.parent} 不存在 (the folder {path.parent} does not exist)")
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InputFileError(
            f"无法写入 {path}：{error.strerror} (cannot write {path}: {error.strerror})"
        ) from None
