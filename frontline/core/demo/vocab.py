"""Slot values for the demo texts: what is sold, where in the store, how long, how many.

One entry a line: `name: value | value | …`; a line starting with `|` continues the one
above. `name.grocery` (a store format) or `name.fr` (a language) overrides `name` for
that format or language. Values are templates themselves (they may hold `{a|b}`).
Items are described, never branded.
"""

from __future__ import annotations

VOCAB = """
item.grocery: oat milk | sourdough loaves | free-range eggs | the 2-litre semi-skimmed | baby formula
| gluten-free bread | the meal-deal sandwiches | fresh basil | avocados | bananas | chicken thighs
| the own-brand coffee pods | frozen peas | lactose-free yoghurt | sliced ham | the big bags of rice
| tinned tomatoes | cat food pouches | toilet roll | nappies size 4 | washing-up liquid | bin bags
| the vegan sausages | strawberries | mince | salmon fillets | fresh orange juice | sparkling water
| birthday candles | the large sacks of potatoes | croissants | tortilla wraps | hummus | cherry tomatoes
| the reduced-sugar cereal | rye bread | halloumi | tofu | the 6-pack of lager | oat biscuits
| the kids' lunchbox snacks | fresh pasta | lemons | the rotisserie chicken | flowers | ice
item.fashion: slim-fit jeans | the linen shirts | the black ankle boots | the puffer jacket
| school uniform trousers | the wool coat | running leggings | the knitted jumper | the wrap dress
| kids' wellies | the denim jacket | work trousers | the white trainers | the merino scarf
| the party dress | maternity jeans | the chinos | the trench coat | thermal vests | sports bras
| swimwear | the leather belt | the oversized hoodie | the navy blazer | pyjamas
| the summer sandals | the cord skirt | men's suits | the cashmere jumper | kids' raincoats
item.electronics: the 55-inch TV | wireless earbuds | the gaming laptop | a phone case
| the robot vacuum | the air fryer | the coffee machine | the soundbar | USB-C cables
| the tablet | the smartwatch | the printer ink | a router | the games console | the dishwasher
| the washing machine | the fridge-freezer | the mirrorless camera | the electric toothbrush
| the hairdryer | the microwave | a monitor | the noise-cancelling headphones | the e-reader
| the kettle | the blender | a mechanical keyboard | the extended warranty | SD cards | the baby monitor
item.diy: the cordless drill | paint in the mixing machine | decking boards | the 40-litre compost
| grout | the tile cutter | plasterboard | a lawnmower | the pressure washer | garden furniture
| wood screws | the kitchen worktops | exterior varnish | fence panels | the tap cartridges
| the bathroom tiles | LED bulbs | the ladders | silicone sealant | the wallpaper | cement bags
| the shed | laminate flooring | the radiator valves | bird seed | the trellis | plant pots
| the log burner | skirting boards | the extension leads | rose bushes | the hedge trimmer
area.grocery: the bakery aisle | frozen | the fruit and veg | aisle {4|6|7|9|11} | the front of the store
| the chilled wall | household | the entrance | the deli counter | the wine aisle | the baby aisle
| the tills | the reduced shelf
area.fashion: menswear | the fitting rooms | kids' | the shoe wall | the sale rails | womenswear
| the entrance | upstairs | the accessories stand | the tills | the lingerie section | the denim wall
area.electronics: the TV wall | the laptop bay | small appliances | the phone stand | gaming
| the collection point | the tech desk | the entrance | white goods | the audio room | the tills
area.diy: the garden centre | the paint desk | aisle {12|14|17|21|23} | the timber yard
| the trade counter | the tool aisle | the entrance | bathrooms | lighting | the tills | flooring
| the outdoor yard
area.call_centre: the queue | the chat queue | the returns line | the order line | the billing line
tills: one till | two tills | two tills | three tills
staff_count: one person | two of us | just me | two people
mins: 10 | 15 | 15 | 20 | 20 | 25 | 30 | 40 | 45
hold: 20 | 25 | 30 | 35 | 40 | 45 | 50 | 55
days: 3 | 4 | 5 | 6 | 8 | 10 | 12 | 14
weeks: two | three | four | five | six
times: twice | three times | four times | five times
pct: 10 | 15 | 20 | 25 | 30 | 40 | 50
n: 2 | 3 | 3 | 4 | 5 | 6
ago: last week | on Tuesday | a few days ago | yesterday | at the weekend | last month | on Monday
| the week before
competitor: the discounter down the road | the big online marketplace | the place at the retail park
| the shop across the road | another chain | a competitor | online | the supermarket next door
courier: the courier | the driver | the delivery firm | the van driver | the parcel company
app_page: the basket page | checkout | the login screen | order tracking | the store finder
| the product page | the account page | the returns form | the stock checker | the loyalty card screen
| the password reset page | the search results
device: an older iPhone | an Android phone | a tablet | a work laptop | their phone | an old laptop
pay_with: contactless | a phone wallet | a gift card | a credit card | pay-later | vouchers
| a company card | cash
size.fashion: size 8 | size 16 | a medium | XL | a 34 waist | size 42 | a small | size 10
| XXL | size 6 | a large | size 14
size: the bigger size | the smaller one | the large pack | the family size
colour: black | navy | the green | the cream | red | grey | the khaki | white | beige
segment: loyalty member | loyalty member | loyalty member | new customer | student | senior
| business account | family
segment.diy: trade customer | trade customer | loyalty member | landlord | first-time buyer
| business account
segment.call_centre: loyalty member | business account | subscription customer | new customer
| senior | trade customer
sorry: apologised | said sorry | apologised for the wait | apologised and explained
"""
