"""The dtypes of kcbudget's frames and arrays, as dtype objects made once.

pandas resolves a dtype given by name (``"int64"``, ``"Int64"``) or by a Python type
(``bool``, ``object``) through its registry of extension types at every call: on
pandas 3 that costs 10–55 µs a call, more than the call itself on a sheet of a few
dozen rows (``pd.Series(values, dtype="int64")`` of 40 values: about 130 µs, with the
dtype object about 40 µs), and a region's submissions make some thousands of such
calls.  A dtype object is taken as it is.  Each of these is the very dtype its name
resolves to, so a call with one behaves exactly as with the name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

INT64 = np.dtype(np.int64)
BOOL = np.dtype(bool)
OBJECT = np.dtype(object)
NULLABLE_INT = pd.Int64Dtype()  # "Int64": whole numbers with pd.NA for missing
