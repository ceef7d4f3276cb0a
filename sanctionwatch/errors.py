"""One error tree. The CLI prints ``str(error)`` as one line and exits with ``exit_code``.

* SanctionwatchError
  * ConfigError          a setting or option is wrong
  * NotFound             an entity, release or file does not exist
  * SourceError          a list file or download cannot be used
    * SourceFormatError  not the expected structure: empty, HTML, truncated, changed layout, unsafe XML
    * DownloadError      the official URL could not be fetched completely
  * LoadRefused          the file parsed, but loading it would lose designations (drop guard, count bounds)
  * StoreError           the store is busy, inconsistent or unreachable
    * LockTimeout        another load holds the store
    * IntegrityError     a stored file or row no longer matches its hash
"""

from __future__ import annotations


class SanctionwatchError(Exception):
    exit_code = 1

    def annotate(self, prefix: str = "", suffix: str = "") -> "SanctionwatchError":
        """Add what the caller knows (which release, what is still current) to the one-line message."""
        self.args = (f"{prefix}{self.args[0] if self.args else ''}{suffix}",) + tuple(self.args[1:])
        return self

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class ConfigError(SanctionwatchError):
    exit_code = 2


class NotFound(SanctionwatchError):
    exit_code = 4


class SourceError(SanctionwatchError):
    exit_code = 3


class SourceFormatError(SourceError):
    """A list file that is not what its source publishes. ``place`` names file and line or field."""

    def __init__(self, problem: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


class DownloadError(SourceError):
    """``retry`` is False when trying again cannot help (a 4xx answer, a file over the size limit)."""

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


class LoadRefused(SanctionwatchError):
    exit_code = 5


class StoreError(SanctionwatchError):
    exit_code = 6


class LockTimeout(StoreError):
    pass


class IntegrityError(StoreError):
    pass
