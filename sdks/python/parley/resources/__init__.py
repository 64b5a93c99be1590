from .agents import Agents
from .apps import Apps
from .conversations import Conversations
from .datastores import Datastores
from .definitions import Definitions
from .documents import Documents
from .keys import Keys
from .operators import Operators
from .sessions import Sessions
from .webhooks import Webhooks

__all__ = [
    "Agents",
    "Apps",
    "Conversations",
    "Datastores",
    "Definitions",
    "Documents",
    "Keys",
    "Operators",
    "Sessions",
    "Webhooks",
]
