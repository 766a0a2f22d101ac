/** A corner shop's assortment: category, items, price range in minor units per unit. Names are shop data. */
export const DEMO_CATEGORIES: { name: string; items: string[]; variants: string[]; price: [number, number]; tax: number }[] = [
  { name: 'Dairy', items: ['Milk', 'Kefir', 'Yogurt', 'Sour cream', 'Cottage cheese', 'Butter', 'Cream'], variants: ['1.5%', '2.5%', '3.2%', '6%'], price: [6900, 24900], tax: 1000 },
  { name: 'Bakery', items: ['White bread', 'Rye bread', 'Baguette', 'Croissant', 'Bagel', 'Buns'], variants: ['small', 'large', 'sliced'], price: [3500, 12900], tax: 1000 },
  { name: 'Drinks', items: ['Mineral water', 'Sparkling water', 'Apple juice', 'Orange juice', 'Cola', 'Lemonade', 'Iced tea'], variants: ['0.5 l', '1 l', '1.5 l', '2 l'], price: [4500, 19900], tax: 2000 },
  { name: 'Grocery', items: ['Rice', 'Buckwheat', 'Pasta', 'Oat flakes', 'Sugar', 'Flour', 'Salt'], variants: ['500 g', '900 g', '1 kg'], price: [5900, 16900], tax: 1000 },
  { name: 'Canned', items: ['Green peas', 'Sweet corn', 'Tuna', 'Sprats', 'Tomato paste', 'Beans'], variants: ['small can', 'large can'], price: [7900, 29900], tax: 2000 },
  { name: 'Sweets', items: ['Chocolate bar', 'Dark chocolate', 'Wafers', 'Biscuits', 'Marshmallow', 'Caramel'], variants: ['50 g', '100 g', '200 g'], price: [4900, 25900], tax: 2000 },
  { name: 'Tea & coffee', items: ['Black tea', 'Green tea', 'Ground coffee', 'Instant coffee', 'Coffee beans'], variants: ['25 bags', '100 g', '250 g'], price: [12900, 69900], tax: 2000 },
  { name: 'Household', items: ['Dish soap', 'Paper towels', 'Toilet paper', 'Trash bags', 'Sponges', 'Laundry powder'], variants: ['1 pc', '4 pcs', 'pack'], price: [5900, 49900], tax: 2000 },
  { name: 'Snacks', items: ['Potato chips', 'Salted peanuts', 'Sunflower seeds', 'Crackers', 'Popcorn'], variants: ['70 g', '150 g'], price: [5900, 17900], tax: 2000 },
  { name: 'Personal care', items: ['Shampoo', 'Shower gel', 'Toothpaste', 'Toothbrush', 'Hand soap', 'Deodorant', 'Hand cream'], variants: ['travel', 'regular', 'family'], price: [7900, 39900], tax: 2000 },
  { name: 'Meat & fish', items: ['Chicken breast', 'Minced beef', 'Pork chops', 'Smoked salmon', 'Herring fillet', 'Frankfurters'], variants: ['300 g', '500 g', '1 kg'], price: [19900, 89900], tax: 1000 },
  { name: 'Pet food', items: ['Cat food pouch', 'Dry cat food', 'Dog food can', 'Dry dog food', 'Cat litter'], variants: ['small', 'medium', 'large'], price: [3900, 79900], tax: 2000 },
  { name: 'Baby', items: ['Baby puree', 'Baby cereal', 'Baby juice', 'Diapers', 'Wet wipes'], variants: ['stage 1', 'stage 2', 'stage 3'], price: [4900, 129900], tax: 1000 },
  { name: 'Spices', items: ['Black pepper', 'Paprika', 'Bay leaf', 'Cinnamon', 'Dill dried', 'Garlic powder', 'Curry', 'Vanilla sugar'], variants: ['10 g', '50 g'], price: [2900, 14900], tax: 2000 },
  { name: 'Oils & sauces', items: ['Sunflower oil', 'Olive oil', 'Mayonnaise', 'Ketchup', 'Mustard', 'Soy sauce', 'Vinegar'], variants: ['small', 'medium', 'large'], price: [6900, 69900], tax: 2000 },
  { name: 'Frozen', items: ['Dumplings', 'Ice cream', 'Frozen berries', 'Fish fingers', 'Vareniki'], variants: ['400 g', '800 g', '1 kg'], price: [9900, 44900], tax: 1000 },
];

/** Sold by weight: price per kilogram, scale-labelled at the counter. */
export const DEMO_WEIGHED: { name: string; pricePerKg: number }[] = [
  { name: 'Bananas', pricePerKg: 13900 },
  { name: 'Apples Golden', pricePerKg: 15900 },
  { name: 'Potatoes', pricePerKg: 4900 },
  { name: 'Tomatoes', pricePerKg: 29900 },
  { name: 'Cucumbers', pricePerKg: 19900 },
  { name: 'Carrots', pricePerKg: 5900 },
  { name: 'Onions', pricePerKg: 4500 },
  { name: 'Doctor sausage', pricePerKg: 69900 },
  { name: 'Russian cheese', pricePerKg: 89900 },
  { name: 'Candy assortment', pricePerKg: 59900 },
];

export const DEMO_USERS = [
  { name: 'Anna (owner)', role: 'owner', pin: '1111' },
  { name: 'Ivan (cashier)', role: 'cashier', pin: '2222' },
  { name: 'Maria (bookkeeper)', role: 'bookkeeper', pin: '3333' },
  { name: 'Sergey (manager)', role: 'manager', pin: '4444' },
] as const;
