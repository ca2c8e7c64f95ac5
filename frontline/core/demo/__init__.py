"""Demo data (placeholder docstring, replaced below)."""

from frontline.core.demo.generator import generate
from frontline.core.demo.org import DEMO_PASSWORD, DemoOrg, Person, Region, Store, Team, demo_org

__all__ = ["DEMO_PASSWORD", "DemoOrg", "Person", "Region", "Store", "Team", "demo_org", "generate"]
