"""The default reference data: kinds, channels, customer types, departments, categories.

Seeded into every new local file and into a new server organisation; the server's
copy replaces the local one on sync. Codes are stable identifiers; labels are
English source strings that the UI passes through Qt's translation functions
(context "taxonomy").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One entry of a closed list: a stable code and a label to show."""

    code: str
    label: str


@dataclass(frozen=True)
class Category:
    """A theme in the central taxonomy, owned by one department."""

    code: str
    label: str
    department: str


KINDS: tuple[Choice, ...] = (
    Choice("pain_point", "Pain point"),
    Choice("praise", "Praise"),
    Choice("idea", "Idea"),
)

CHANNELS: tuple[Choice, ...] = (
    Choice("in_store", "In store"),
    Choice("phone", "Phone"),
    Choice("chat", "Chat"),
    Choice("email", "Email"),
    Choice("social", "Social media"),
    Choice("web_app", "Website or app"),
    Choice("delivery", "Delivery"),
    Choice("other", "Other"),
)

CUSTOMER_TYPES: tuple[Choice, ...] = (
    Choice("existing", "Existing customer"),
    Choice("prospect", "Prospect"),
    Choice("former", "Former customer"),
    Choice("unknown", "Unknown"),
)

DEPARTMENTS: tuple[Choice, ...] = (
    Choice("store_ops", "Store operations"),
    Choice("customer_service", "Customer service"),
    Choice("accounting", "Accounting"),
    Choice("invoicing", "Invoicing and billing"),
    Choice("shipping", "Shipping and delivery"),
    Choice("marketing", "Marketing"),
    Choice("stock", "Stock and supply"),
    Choice("it", "IT and digital"),
    Choice("facilities", "Facilities"),
    Choice("pricing", "Pricing and promotions"),
    Choice("hr", "People and staffing"),
    Choice("product", "Product and range"),
)

CATEGORIES: tuple[Category, ...] = (
    Category("queue_wait", "Queues and waiting time", "store_ops"),
    Category("staff_availability", "Staff availability", "hr"),
    Category("staff_knowledge", "Staff knowledge and training", "hr"),
    Category("out_of_stock", "Out of stock", "stock"),
    Category("product_quality", "Product quality", "product"),
    Category("range_gap", "Missing product or range", "product"),
    Category("price_label", "Price or label mismatch", "pricing"),
    Category("promotion", "Promotions and vouchers", "pricing"),
    Category("loyalty", "Loyalty programme", "marketing"),
    Category("advertising", "Advertising and communication", "marketing"),
    Category("invoice_error", "Invoice or receipt error", "invoicing"),
    Category("payment", "Payment and checkout", "accounting"),
    Category("refund", "Refunds and returns", "accounting"),
    Category("delivery_late", "Late or missed delivery", "shipping"),
    Category("delivery_damage", "Damaged in delivery", "shipping"),
    Category("click_collect", "Click and collect", "shipping"),
    Category("website_app", "Website or app problem", "it"),
    Category("self_checkout", "Self-checkout", "it"),
    Category("store_environment", "Store cleanliness and layout", "facilities"),
    Category("accessibility", "Accessibility", "facilities"),
    Category("parking", "Parking and access", "facilities"),
    Category("contact_centre", "Reaching us by phone or chat", "customer_service"),
    Category("complaint_handling", "How a complaint was handled", "customer_service"),
    Category("other", "Other", "customer_service"),
)


def codes(choices: tuple[Choice, ...] | tuple[Category, ...]) -> frozenset[str]:
    """The set of codes of a list, for validation."""
    return frozenset(c.code for c in choices)


def department_of(category: str) -> str | None:
    """The department that owns a category by default, or None if unknown."""
    for c in CATEGORIES:
        if c.code == category:
            return c.department
    return None
