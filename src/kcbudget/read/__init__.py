"""Reading workbooks: opening and limits, finding the table, numbers, units and text."""
