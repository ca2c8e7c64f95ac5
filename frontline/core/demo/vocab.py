"""Slot values for the demo texts: what is sold, where in the store, how long, how many.

One entry a line: `name: value | value | …`; a line starting with `|` continues the one
above. `name.grocery` (a store format) or `name.fr` (a language) overrides `name` for
that format or language. Values are templates themselves (they may hold `{a|b}`).
Items are described, never branded; `@low-high` after an item is its usual price range
(in the store's currency), used by `{amount}` when the text names that item.
"""

from __future__ import annotations

VOCAB = """
item.grocery: oat milk@1-3 | sourdough loaves@2-5 | free-range eggs@2-5
| the 2-litre semi-skimmed@1-2.5 | baby formula@9-25 | gluten-free bread@2-5
| the meal-deal sandwiches@2.5-5 | fresh basil@1-2 | avocados@1-4 | bananas@1-2.5
| chicken thighs@3-7 | the own-brand coffee pods@3-6 | frozen peas@1-3
| lactose-free yoghurt@1-3 | sliced ham@2-4 | the big bags of rice@4-10 | tinned tomatoes@0.5-1.5
| cat food pouches@3-8 | toilet roll@3-9 | nappies size 4@6-15 | washing-up liquid@1-3
| bin bags@2-5 | the vegan sausages@2-4 | strawberries@2-5 | mince@3-7 | salmon fillets@4-9
| fresh orange juice@2-4 | sparkling water@0.5-3 | birthday candles@1-3
| the large sacks of potatoes@2-6 | croissants@1-4 | tortilla wraps@1-3 | hummus@1-3
| cherry tomatoes@1-3 | the reduced-sugar cereal@2-5 | rye bread@1.5-4 | halloumi@2-5 | tofu@1.5-4
| the 6-pack of lager@5-10 | oat biscuits@1-3 | the kids' lunchbox snacks@2-5 | fresh pasta@2-4
| lemons@1-2.5 | the rotisserie chicken@5-9 | flowers@4-15 | ice@1-3
item.fashion: slim-fit jeans@30-80 | the linen shirts@25-60 | the black ankle boots@50-130
| the puffer jacket@60-160 | school uniform trousers@10-25 | the wool coat@90-250
| running leggings@20-55 | the knitted jumper@30-75 | the wrap dress@35-90 | kids' wellies@12-30
| the denim jacket@40-90 | work trousers@25-60 | the white trainers@40-110 | the merino scarf@20-50
| the party dress@40-120 | maternity jeans@30-60 | the chinos@30-65 | the trench coat@80-200
| thermal vests@8-20 | sports bras@15-40 | swimwear@20-55 | the leather belt@15-45
| the oversized hoodie@25-60 | the navy blazer@60-150 | pyjamas@15-40 | the summer sandals@20-60
| the cord skirt@25-55 | men's suits@120-300 | the cashmere jumper@70-180 | kids' raincoats@15-40
item.electronics: the 55-inch TV@400-1200 | wireless earbuds@30-250 | the gaming laptop@800-2000
| a phone case@10-40 | the robot vacuum@150-600 | the air fryer@50-200 | the coffee machine@80-600
| the soundbar@100-500 | USB-C cables@8-25 | the tablet@150-900 | the smartwatch@100-450
| the printer ink@15-60 | a router@40-200 | the games console@300-550 | the dishwasher@300-800
| the washing machine@300-900 | the fridge-freezer@400-1200 | the mirrorless camera@500-1800
| the electric toothbrush@30-150 | the hairdryer@25-180 | the microwave@60-250 | a monitor@120-500
| the noise-cancelling headphones@150-400 | the e-reader@90-250 | the kettle@20-80
| the blender@30-150 | a mechanical keyboard@50-180 | the extended warranty@30-200
| SD cards@10-50 | the baby monitor@40-200
item.diy: the cordless drill@40-200 | tinted paint@25-70 | decking boards@8-30 | the 40-litre compost@4-10
| grout@5-15 | the tile cutter@25-150 | plasterboard@6-15 | a lawnmower@120-500
| the pressure washer@80-350 | garden furniture@150-800 | wood screws@4-15 | the kitchen worktops@80-300
| exterior varnish@15-40 | fence panels@20-60 | the tap cartridges@8-25 | the bathroom tiles@15-50
| LED bulbs@3-15 | the ladders@40-200 | silicone sealant@4-12 | the wallpaper@15-45 | cement bags@5-12
| the shed@300-1500 | laminate flooring@10-35 | the radiator valves@10-40 | bird seed@3-12
| the trellis@10-40 | plant pots@3-40 | the log burner@300-1200 | skirting boards@5-20
| the extension leads@8-30 | rose bushes@8-25 | the hedge trimmer@40-200
area.grocery: the bakery aisle | frozen | the fruit and veg | aisle {4|6|7|9|11} | the front of the store
| the chilled wall | household | the entrance | the deli counter | the wine aisle | the baby aisle
| the tills | the reduced shelf
area.fashion: menswear | the fitting rooms | kids' | the shoe wall | the sale rails | womenswear
| the entrance | the stairs | the accessories stand | the tills | the lingerie section | the denim wall
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
big.electronics: washing machine | fridge-freezer | 65-inch TV | dishwasher | American fridge
big.diy: shed | garden furniture set | kitchen worktops | log burner | ride-on mower
big: washing machine | fridge-freezer | garden furniture set
sorry: apologised | said sorry | apologised for the wait | apologised and explained
"""
