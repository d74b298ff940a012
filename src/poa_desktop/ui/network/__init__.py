"""The interactive network view: partners and MOUs, and output dependencies."""

from poa_desktop.ui.network.scene import NetworkScene
from poa_desktop.ui.network.view import NetworkView
from poa_desktop.ui.network.widget import NetworkWidget

__all__ = ["NetworkScene", "NetworkView", "NetworkWidget"]
