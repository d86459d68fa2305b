from core.storage.port import ConditionFailed, Store
from core.storage.schema import TABLES, Index, Table

__all__ = ["TABLES", "ConditionFailed", "Index", "Store", "Table"]
