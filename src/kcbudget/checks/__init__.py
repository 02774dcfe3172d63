"""Row rules, subtotal checks and reported-figure checks; each yields Diagnostics."""
