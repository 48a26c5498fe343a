"""One exception family. Every message names the file (or row) and the problem in one line."""


class GsvlmsError(Exception):
    """Base of every error the package raises on purpose."""


class IngestError(GsvlmsError):
    """A file could not be read as a document (corrupt, encrypted, scanned, empty, encoding)."""


class RuleFileError(GsvlmsError):
    """A pattern file in patterns/ is malformed (reported as file:line)."""


class GoldError(GsvlmsError):
    """The gold source or a gold file is missing, truncated or malformed."""


class VocabularyError(GsvlmsError):
    """A value is outside a controlled vocabulary or of the wrong type."""


class ReconcileError(GsvlmsError):
    """Evaluation inputs are unusable (empty corpus, unusable gold table)."""


class RegistryError(GsvlmsError):
    """The registry database cannot be opened, migrated or written."""
