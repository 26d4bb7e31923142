"""Signals other apps listen to, so commerce never needs to know who cares."""

from django.dispatch import Signal

# Sent inside the transaction that changed stock, with `variant_ids`: the variants that may have
# sold out or come back (a reservation took their last units, units came back, an editor's
# edit crossed zero). Search listens to keep its "in stock" filter true.
availability_changed = Signal()
