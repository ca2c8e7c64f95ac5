"""What we sell: availability, quality and range, per store format."""

TEXT = """
# ---- availability (all formats) -------------------------------------------------------

@ pain out_of_stock at=r ch=in_store ct=e6u3p1 sev=2-3 sw=.1 w=4
s {item} out of stock {again|for the {second|third|fourth} time this month|since {day}}
s No {bare} on the shelf{| again| on {day}}
s Customer looking for {item}, {empty shelf|none left|gap on the shelf}
d {Shelf empty since {day}.|System says {n} in stock but none on the shelf or in the back.|Delivery didn't include it.} {Customer came in specially for it.|Third person asking today.|Customer asked when it's back and I couldn't tell them.}
q I came in just for {item}.
q Every time I come in you're out of {item}.
q! If you can't keep {item} in stock I'll go to {competitor}.
a {Checked the stockroom and found {n} at the back.|Checked other stores on the system and rang ahead.|Ordered it for home delivery for the customer.|Offered a similar one at the same price.}
g Raise the minimum stock for {item}; it always runs out before the weekend.
r The replenishment order for {item} has been raised and the minimum stock increased.
r Auto-ordering was switched off for {item} by mistake – fixed now.
x The supplier has discontinued this line; the buying team are looking for a replacement.

@ pain out_of_stock at=r ch=in_store,web_app|phone,chat,web_app ct=e6u3p1 sev=2-3 sw=.1 w=2
s Stock checker said {item} in stock, {wasn't|none} in store
s Customer drove over because the {app|website} showed {item} available
d The {app|website} said "{n} in stock" at this store. {We had none, the last one sold yesterday.|They were on the system but we couldn't find them.|They were reserved for click and collect.} {Customer had driven {n}0 minutes.|Customer was really annoyed.}
q Your website said you had {n}. Why put it there if it's not true?
q! That's a wasted trip. Next time I'll just order from {competitor}.
a Found one at another store and reserved it for them.
g Update the stock checker more often than overnight.
r The stock checker now refreshes every 15 minutes instead of overnight.

@ pain out_of_stock at=r ch=in_store ct=e5u5 sev=1-3 sw=.05
s Gaps on the shelves in {area} {all {daypart}|on {day}|after the weekend}
s {area} half empty {on {day}|after delivery didn't come|again}
d {The delivery came late and nobody had time to fill.|Stockroom full but no one free to fill shelves.} {Customers asking all {daypart}.|It looks like we're closing down.}
q Are you closing down or something?
a Filled the most important gaps myself after my till shift.
g Fill {area} before 10, even if it means starting earlier.
r Aisles are now filled by 10; the early shift starts half an hour earlier from {date}.

@ pain out_of_stock/stock at=fed ch=in_store,phone ct=e7u3 sev=2-3 sw=.1
s Customer's special order for {item} {not arrived|lost|late by {weeks} weeks}
d Customer ordered {item} at the desk {weeks} weeks ago and nobody called them. {The order isn't on the system.|The order was cancelled by the supplier without telling us.}
q I've rung three times and no one knows where it is.
q! I'll cancel it and buy it elsewhere.
a Chased the supplier, put a note on the order and promised a call by {day}.
g A list of open customer orders checked every Monday.

@ pain out_of_stock at=g ch=in_store ct=e7u3 sev=2-4 sw=.12 w=2
s No {gluten-free|lactose-free|vegan|baby} {products|range} left {again|on {day}}
s {Free-from|Baby food|Allergy} shelf empty {on {day}|all week}
d Customer with {coeliac disease|a child with a milk allergy|a baby} relies on this. {Shelf was completely empty.|Only one item left.} {They can't just swap it for something else.|They said they'd have to drive to another town.}
q This isn't a treat for me, I can't eat anything else.
q! I'll have to do my shopping at {competitor}, they always have it.
a Checked the delivery and found {n} cases not unpacked yet.
r Free-from lines now have their own minimum stock level and are checked twice a day.

@ pain out_of_stock at=g ch=in_store ct=e6u4 sev=2-3 sw=.05
s {Bread|Bakery} {sold out|empty} by {time}
s No fresh {bread|rolls|croissants} after {time}
d {Bakery stops baking at 2.|We baked the same as a normal day but it was a bank holiday week.} Customers coming in after work find nothing.
q I finish work at 5, there's never any bread left.
g A late bake at 4pm for the after-work rush.
r We've added a 4pm bake from {date}. Thanks for the idea.

@ pain out_of_stock at=f ch=in_store,web_app ct=e5u3p2 sev=2-3 sw=.08 w=2
s No {size} left in {item}
s {item}: only small sizes left{|, customer wanted {size}}
d {Only {size} and {size2} left in {colour}.|We never got the bigger sizes in the delivery.|Online shows all sizes, in store we've got two.} {Customer asked if we could order it in.|Happens every season with this line.}
q Do you ever stock anything above a {size}?
q! I'll try online somewhere else, they'll have my size.
a Ordered it to the store for free collection.
g Send more large sizes to this store; they always sell out first.
r {dept} have changed our size curve: more large sizes from the next delivery.

@ pain out_of_stock at=f ch=in_store,social ct=e4u2p4 sev=2-3 sw=.05
s Item from the {window|Instagram|advert|campaign} not in store
s Customer came in for {item} {they saw online|from the window}, we don't have it
d Customer had a screenshot of {item} from our {social media|website|advert}. {It's online only.|We never got it in this store.|Sold out on day one.}
q Why advertise it if you don't sell it here?
a Found it online with them and ordered to store.
g Tell stores which items are in the campaign before it goes live.

@ pain out_of_stock at=e ch=in_store,web_app ct=e4u2p4 sev=2-3 sw=.12 w=2
s {item} out of stock {since launch|for {weeks} weeks|again}
s Customer wanted {item} today, {we only have the display model|none until next month}
d {We've had {n} customers asking this week.|The supplier keeps moving the date.|Only the display model left, and it's missing the box.} {Customer needed it for work.|It was a birthday present.}
q You're a tech shop and you don't have {item}?
q! I'll get it from {competitor}, they deliver tomorrow.
a Offered the display model at a discount with full warranty.
g Let us sell display models with a clear discount.
r Display models can now be sold at 15% off with the full warranty, from {date}.

@ pain out_of_stock at=d ch=in_store ct=e6u2p2 sev=2-4 sw=.12 w=2
s Ran out of {item} {on a Saturday|before the weekend|mid-project for a customer}
s Customer needed {n} more of {item} to finish a job, none left
d Customer is halfway through {a job|a bathroom|the garden} and needs the same batch. {We have {n} but a different batch.|Next delivery is {day}.} {They had a tiler booked.|They're a trade customer with a deadline.}
q I can't leave half a floor done.
q! If I can't get it here I'll get the whole lot from the trade place.
a Rang our other store, they had {n} and held them.
r Our stock levels on {item} were raised, and we now hold stock of each batch for six months.

@ pain out_of_stock/stock at=d ch=in_store ct=e5u3p2 sev=2-3
s Garden centre out of {compost|bedding plants|grass seed|rose bushes} on the first sunny weekend
d First warm weekend of the year and we ran out by {time}. {The delivery was planned for the week after.|Customers were queuing at the doors.}
q Every year the same, the sun comes out and you run out.
g Bring the garden deliveries forward two weeks; the weather app is a better guide than the calendar.

# ---- product quality ------------------------------------------------------------------

@ pain product_quality at=g ch=in_store ct=e7u3 sev=3-4 sw=.15 w=3
v fault: mouldy | past its date | gone off | mouldy after a day
s {item} {fault} {on the shelf|when the customer got home}
s Customer brought back {item}, {fault}
d Customer bought {item} {yesterday|on {day}} and it was {fault}. {They had the receipt.|Second time this month.} {Checked the shelf and found {n} more like it.|The rest of the batch looked fine.}
q I've had to throw it away and I came back just to tell you.
q Do you not check the dates?
q! If I have to check every packet I'll shop somewhere I trust.
a Refunded it, took the rest of the batch off sale.
g Date checks at opening and at 3pm in {area}.
r We've raised a quality complaint with the supplier and pulled the batch.
r Date checks on {area} are now done twice a day, from {date}.

@ pain product_quality at=g ch=in_store ct=e6u4 sev=2-3 sw=.1
s Fruit and veg quality poor – {bruised apples|soft tomatoes|brown bananas|mouldy berries}
s Customer says our {strawberries|avocados|salad bags} don't last a day
d {Boxes arrived already bruised.|The display is next to the heater.} Customer said they used to buy all their veg here.
q I've started buying my fruit at the market because of this.
q! Your veg doesn't last a day. I'll go back to the market.
a Took the worst ones off the display.
g Refuse damaged boxes at delivery instead of putting them out.
r Quality checks at delivery have been tightened; damaged fruit is now refused at the door.

@ pain product_quality at=g ch=in_store ct=e5u5 sev=3-5 sw=.1
s {Foreign object|Bit of plastic|Hair|Glass} found in {item}
s Customer found something in their {item}
d Customer brought in {item} with {a piece of plastic|something hard} in it. {They kept the packaging.|Child nearly ate it.} Took photos and the batch code.
q My daughter nearly swallowed this.
q! I won't be buying your own-brand again, that's for sure.
a {sorry}, refunded, took photos and the batch number and logged it with {manager}.
r Reported to the quality team; the batch was withdrawn across all stores and the customer has been contacted.

@ pain product_quality at=f ch=in_store,web_app ct=e7u3 sev=2-3 sw=.1 w=2
s {item} {fell apart|faded|shrank|went bobbly} after {one|two|a few} washes
s Customer returned {item}: {seam split|zip broke|colour ran|came apart at the seams}
d Customer followed the care label. {It's the second one of these I've seen this month.|They said the quality used to be better.} They wanted a refund, not an exchange.
q I've worn it {twice|three times}. That's not acceptable.
q! I used to buy all my work clothes here. Not any more.
a Refunded it even though it was past 30 days.
g Send back the rest of the batch for checking.
r {dept} changed supplier for this line from {date}.

@ pain product_quality at=f ch=in_store ct=e5u5 sev=1-2
s Sizing inconsistent on {item} – {a medium fits like a small|the {size} is much bigger than usual}
d Customers are trying two or three sizes of {item} because sizes vary between colours. {Lots of fitting room traffic.|Lots of returns for the wrong size.}
q I'm a {size} everywhere else.
g A note on the label: "runs small, size up".
r The buying team have asked the supplier to fix the fit; a size note is on the rail until then.

@ pain product_quality at=e ch=in_store,phone,web_app|phone,chat,email ct=e8u2 sev=3-4 sw=.15 w=3
s {item} {stopped working|faulty|died} after {days} days
s Customer's {bare} {won't turn on|keeps restarting|overheats} – {days} days old
d Bought {item} {ago}. {It worked fine for a bit then just stopped.|Tried all the resets.|It's the second one they've had.} {Customer wants a replacement, not a repair.|They were told it would take {weeks} weeks to repair.}
q It's practically brand new.
q A {weeks}-week repair? I need it for work.
q! Two faulty ones in a row. Give me my money back, I'm going to {competitor}.
a Swapped it on the spot since it's within 30 days.
g A straight swap for anything faulty within 30 days, no repair first.
r Managers can now approve a straight swap within 30 days without calling head office.

@ pain product_quality at=e ch=in_store,phone|phone,email,chat ct=e8u2 sev=3-4 sw=.2
s Repair on {item} taking {weeks} weeks{|, customer chasing}
s {item} back from repair, same fault
d Sent to the repair centre {weeks} weeks ago. {Nobody has given the customer an update.|It came back with the same fault.|The repair centre lost it.} Customer has called {times}.
q I've paid for the extended warranty and it's useless.
q! I'll never buy a warranty from you again. Or anything else.
a Chased the repair centre and offered a loan unit.
r The repair partner now gives updates every week, and after 14 days customers get a replacement.

@ pain product_quality at=d ch=in_store ct=e7u3 sev=2-4 sw=.1 w=2
v fault: damaged in the box | with parts missing | cracked | broken on first use
s {item} {fault}
s Customer returned {item} – {fault}
d Opened at home: {fault}. {The outer box looked fine.|The box was already dented.} {Customer had driven back {n}0 minutes.|They'd taken a day off work to do the job.}
q I took a day off to do this and now I can't.
q! I'll go to the trade supplier next time, they check their stock.
a Swapped it and opened the replacement in front of them to check.
r Damaged stock is now checked at the goods-in, and packs with missing parts go straight back to the supplier.

@ pain product_quality at=d ch=in_store ct=e6u4 sev=2-3
s Paint colour doesn't match the {chart|tin from last month}
s Mixed paint came out {too dark|the wrong shade}
d Customer bought the same colour reference as before, it's visibly different on the wall. {Mixing machine calibration is overdue.|The base changed.}
q Half my wall is a different colour now.
a Remixed it and checked it against their sample.
g Calibrate the mixing machine every month, not every quarter.

@ pain product_quality at=g ch=in_store ct=e6u4 sev=1-2 sw=.05
s Customers say the {own-brand|store-brand} {bare} got smaller
s {item}: smaller pack, same price
d Regular customer noticed the pack of {item} is smaller and the price hasn't changed. {They feel cheated.|Several comments this week.}
q Same price, less in it. Do you think we don't notice?
x The pack size is set by the supplier for all retailers; we've passed the feedback to the buying team.

# ---- range gaps -----------------------------------------------------------------------

@ pain range_gap at=g ch=in_store ct=e4u3p3 sev=1-2 sw=.05 w=2
s Customers asking for {halal meat|kosher products|Polish bread|Turkish yoghurt|Asian vegetables|a bigger organic range}
s No {international foods|world foods|plant-based} section to speak of
d Lots of customers in this area {ask for it every week|go to the specialist shops for it}. {We have one small shelf.|We used to stock it before the range review.}
q I have to go to three shops to get what I need.
g A bigger world foods range in this store; the area has changed.
r The buying team have agreed a trial of a larger world foods range from {date}.
x The range is decided centrally and there isn't space for this in our format.

@ pain range_gap at=g ch=in_store ct=e5u3p2 sev=1-2
s Customer asked for {smaller packs|single portions|loose fruit} – everything is family-size
d {Older customer living alone.|Student.} {Most of what they buy goes in the bin.|They want two carrots, not a kilo.}
q I live on my own, I don't need six of everything.
g More single portions and loose fruit and veg.

@ pain range_gap at=f ch=in_store ct=e4u2p4 sev=1-3 sw=.05 w=2
s No {petite|tall|plus-size|maternity|adaptive} range in store
s Customer asked for {wide-fit shoes|long-leg jeans|kids' school shoes in half sizes}
d {It's online only.|We stopped stocking it last year.} Customer wanted to try it on before buying.
q I can't buy jeans without trying them on.
q! Shame, I'll have to go somewhere that actually stocks my size.
g A small plus-size and tall range in store, even one rail.
r We're adding a rail of extended sizes in {area} from {date}.

@ pain range_gap at=f ch=in_store ct=e5u5 sev=1-2
s {Winter coats|Warm jumpers|Gloves and hats} gone already – customers still asking
d It's still cold but the season changed on the calendar. {Whole section replaced by next season.|Sale rails cleared.}
q It's snowing and you've got swimsuits out.
g Let stores keep seasonal stock longer when the weather doesn't match the calendar.

@ pain range_gap at=e ch=in_store ct=e4u2p4 sev=1-2 sw=.05
v old: phone | laptop | tablet | games console
s Customers asking for trade-in on their old {old}
s No trade-in option for an old {old}{| – customer asked again}
d Customer wanted to trade in their old {old} against {item}. {We don't do it in this store.|It's only online.}
q Everyone does trade-in now.
q! {competitor} gives me money for the old one. I'll buy it there.
g Trade-in at the tech desk.
r Trade-in is now available at the tech desk from {date}.

@ pain range_gap at=e ch=in_store,web_app ct=p5u3e2 sev=1-2
s Customer wanted {item} in {colour}, only on the website
d We only carry {n} colours in store. {Customer wanted to see it first.|They ordered online from us anyway.}
q So I have to order it blind?
g Display one of each colour, even if stock is online.

@ pain range_gap at=d ch=in_store ct=e5u2p3 sev=1-2 sw=.05 w=2
s Trade customers asking for {bulk packs|bigger sizes|trade-only brands} of {item}
s We don't sell {item} in trade quantities
d Builder wanted {item} in trade quantities. {We had {n}.|Our packs are for DIY, not trade.} He went to the trade merchant.
q I'm in here every week, but I can't get half of what I need.
q! I'll open an account at the builders' merchant then.
g A trade pallet of the top lines at the trade counter.
r The trade counter now holds bulk packs of the top 20 lines.

@ pain range_gap at=d ch=in_store ct=e4u3p3 sev=1-2
s Customers asking for {eco paint|peat-free compost|solar lights|rainwater butts|heat pumps}
d {n} people this week asked for more environmentally friendly options. {We have one brand.|We stopped the line.}
q Do you have anything that isn't full of chemicals?
g A sustainable living bay in {area}.
r Peat-free compost is now our main compost line, from {date}.

@ pain range_gap/product at=c ch=phone,chat,email ct=e5u2p3 sev=1-2
s Customers asking when {item} will be sold online again
s Callers asking for {item} which was delisted
d {The line was dropped in the range review.|It disappeared from the website without notice.} Several {calls|chats} about it this week. Some customers had been buying it for years.
q I've bought this for years. Why would you stop selling it?
q! If it's gone for good I'll find another shop that sells it.
g Give us a message to tell customers what replaces a delisted line.
"""
