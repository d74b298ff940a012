"""The headless commands of ``poa-desktop``, one module per area; ``cli`` dispatches."""
