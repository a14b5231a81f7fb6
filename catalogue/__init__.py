"""Reading PMO service catalogues from workbooks into the domain model, and writing them back.

Knows nothing of the audit or the UI. The entry point is `import_catalogue`.
"""

from catalogue.errors import CatalogueError
from catalogue.importer import import_catalogue
from catalogue.model import Catalogue, ImportResult, Issue
from catalogue.reader import ReadLimits

__all__ = ["Catalogue", "CatalogueError", "ImportResult", "Issue", "ReadLimits", "import_catalogue"]
