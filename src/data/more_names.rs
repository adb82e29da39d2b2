//! More given names and surnames of every Member State, in their own spelling and
//! script, for the generator's roll mode: a roll of millions needs the variety of a
//! real register, or made-up persons meet their namesakes far more often than real
//! ones do. Drawn together with the sample names of [`super::names`].
//!
//! Common names, combined at random: never a list of real persons.

use crate::country::Country;

/// The further names of one Member State.
pub(crate) struct MoreNames {
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    /// Surnames as borne by men (or by anyone, where surnames have no gender).
    pub surnames: &'static [&'static str],
    /// The same surnames as borne by women, in the same order; empty where they do
    /// not change.
    pub female_surnames: &'static [&'static str],
}

/// The further names of `country`.
pub(crate) fn more_names(country: Country) -> &'static MoreNames {
    &MORE_NAMES[country.index()]
}

#[rustfmt::skip]
static MORE_NAMES: [MoreNames; 27] = [
    // AT
    MoreNames {
        male: &["Alexander", "Christian", "Daniel", "David", "Dominik", "Elias", "Fabian", "Gerhard", "Gregor", "Helmut", "Herbert", "Josef", "Karl", "Leopold", "Manfred", "Markus", "Michael", "Patrick", "Peter", "Raphael", "Simon", "Tobias", "Valentin", "Walter", "Wolfgang"],
        female: &["Andrea", "Barbara", "Birgit", "Christina", "Claudia", "Elena", "Emilia", "Eva", "Gertraud", "Hannah", "Helga", "Hermine", "Julia", "Karin", "Laura", "Lea", "Leonie", "Maria", "Marlene", "Monika", "Petra", "Rosa", "Sabine", "Valentina", "Verena"],
        surnames: &["Schwarz", "Winkler", "Reiter", "Schmid", "Weber", "Lang", "Baumgartner", "Aigner", "Wimmer", "Egger", "Brunner", "Lechner", "Haas", "Auer", "Wallner", "Schuster", "Holzer", "Binder", "Ebner", "Strasser", "Kofler", "Lehner", "Hackl", "Wieser", "Stadler", "Koller", "Riegler", "Fischer", "Maier", "Hölzl"],
        female_surnames: &[],
    },
    // BE
    MoreNames {
        male: &["Alexandre", "Bart", "Bram", "Cédric", "Dirk", "Dries", "Elias", "Filip", "Geert", "Guillaume", "Hugo", "Jens", "Jonas", "Kobe", "Lars", "Mathis", "Maxime", "Nathan", "Olivier", "Philippe", "Raf", "Seppe", "Thibault", "Tom", "Vincent"],
        female: &["Amélie", "An", "Annelies", "Camille", "Charlotte", "Clara", "Elena", "Eline", "Femke", "Hanne", "Inge", "Julie", "Kato", "Laura", "Léa", "Manon", "Nathalie", "Nina", "Ruth", "Sarah", "Sofie", "Valérie", "Veerle", "Yana", "Zoë"],
        surnames: &["Hermans", "Aerts", "Michiels", "Pauwels", "Claeys", "De Vos", "Desmet", "De Clercq", "Vermeulen", "Martens", "Smets", "Leroy", "Renard", "Simon", "Laurent", "Lemaire", "Dumont", "François", "Declercq", "Van Damme", "De Backer", "Segers", "Lenaerts", "Verhoeven", "Hendrickx", "Bogaert", "Coppens", "Devos", "Mathieu", "Gilson"],
        female_surnames: &[],
    },
    // BG
    MoreNames {
        male: &["Александър", "Ангел", "Антон", "Асен", "Борис", "Бойко", "Валентин", "Веселин", "Виктор", "Владимир", "Георги", "Емил", "Живко", "Здравко", "Иво", "Калин", "Красимир", "Кирил", "Мартин", "Милен", "Митко", "Пламен", "Румен", "Светослав", "Тодор"],
        female: &["Анелия", "Ани", "Биляна", "Валентина", "Ваня", "Веселина", "Виктория", "Галина", "Даниела", "Диана", "Добромира", "Екатерина", "Живка", "Зорница", "Калина", "Красимира", "Лилия", "Магдалена", "Милена", "Надежда", "Невена", "Румяна", "Светла", "Силвия", "Теодора"],
        surnames: &["Атанасов", "Василев", "Маринов", "Илиев", "Колев", "Стефанов", "Янков", "Михайлов", "Кирилов", "Александров", "Пеев", "Станчев", "Величков", "Цветков", "Киров", "Радев", "Драганов", "Лазаров", "Симеонов", "Павлов", "Жеков", "Борисов", "Денев", "Гочев", "Чолаков", "Шишков", "Желязков", "Цанков"],
        female_surnames: &["Атанасова", "Василева", "Маринова", "Илиева", "Колева", "Стефанова", "Янкова", "Михайлова", "Кирилова", "Александрова", "Пеева", "Станчева", "Величкова", "Цветкова", "Кирова", "Радева", "Драганова", "Лазарова", "Симеонова", "Павлова", "Жекова", "Борисова", "Денева", "Гочева", "Чолакова", "Шишкова", "Желязкова", "Цанкова"],
    },
    // CY
    MoreNames {
        male: &["Αντώνης", "Αχιλλέας", "Βασίλης", "Γρηγόρης", "Δημήτρης", "Ζήνωνας", "Ηλίας", "Θεόδωρος", "Ιάκωβος", "Κυριάκος", "Λάμπρος", "Μάριος", "Νεόφυτος", "Ονούφριος", "Πέτρος", "Ρένος", "Σωτήρης", "Σταύρος", "Στέλιος", "Τάσος", "Φίλιππος", "Χαράλαμπος", "Χρύσανθος", "Παύλος", "Λεωνίδας"],
        female: &["Αγγελική", "Αντρούλλα", "Βασιλική", "Γεωργούλα", "Δήμητρα", "Ειρήνη", "Ευαγγελία", "Θεοδώρα", "Ιωάννα", "Κατερίνα", "Κωνσταντία", "Λουκία", "Μαρίνα", "Μυροφόρα", "Νικολέττα", "Ξένια", "Παρασκευή", "Πολυξένη", "Σοφία", "Σταυρούλα", "Φανή", "Χαρίκλεια", "Χρυστάλλα", "Ευτυχία", "Αναστασία"],
        surnames: &["Δημητρίου", "Παναγιώτου", "Μιχαήλ", "Χριστοφόρου", "Ευσταθίου", "Θεοδώρου", "Ιακώβου", "Κλεάνθους", "Λαζάρου", "Μαύρου", "Νεοφύτου", "Οικονόμου", "Πέτρου", "Σωτηρίου", "Σταύρου", "Τσιάκκας", "Φιλίππου", "Χατζηγεωργίου", "Χρυσάνθου", "Αναστασίου", "Βασιλείου", "Γρηγορίου", "Ζαχαρίου", "Ηλία", "Κυπριανού", "Παύλου", "Ρουσουνίδης", "Στυλιανού"],
        female_surnames: &["Δημητρίου", "Παναγιώτου", "Μιχαήλ", "Χριστοφόρου", "Ευσταθίου", "Θεοδώρου", "Ιακώβου", "Κλεάνθους", "Λαζάρου", "Μαύρου", "Νεοφύτου", "Οικονόμου", "Πέτρου", "Σωτηρίου", "Σταύρου", "Τσιάκκα", "Φιλίππου", "Χατζηγεωργίου", "Χρυσάνθου", "Αναστασίου", "Βασιλείου", "Γρηγορίου", "Ζαχαρίου", "Ηλία", "Κυπριανού", "Παύλου", "Ρουσουνίδου", "Στυλιανού"],
    },
    // CZ
    MoreNames {
        male: &["Adam", "Aleš", "Antonín", "Bohumil", "Daniel", "David", "Dominik", "Filip", "František", "Jakub", "Jindřich", "Karel", "Ladislav", "Libor", "Marek", "Matěj", "Michal", "Miloslav", "Miroslav", "Ondřej", "Radek", "Roman", "Stanislav", "Václav", "Zdeněk"],
        female: &["Alena", "Barbora", "Dagmar", "Eliška", "Gabriela", "Helena", "Irena", "Ivana", "Jaroslava", "Jitka", "Klára", "Kristýna", "Ludmila", "Markéta", "Martina", "Michaela", "Monika", "Pavla", "Petra", "Renata", "Simona", "Tereza", "Vendula", "Veronika", "Zuzana"],
        surnames: &["Pokorný", "Marek", "Pospíšil", "Hájek", "Jelínek", "Král", "Beneš", "Fiala", "Sedláček", "Doležal", "Zeman", "Kolář", "Navrátil", "Čermák", "Vaněk", "Urban", "Blažek", "Kříž", "Kovář", "Bartoš", "Vlček", "Polák", "Musil", "Šimek", "Konečný", "Malý", "Holub", "Štěpánek"],
        female_surnames: &["Pokorná", "Marková", "Pospíšilová", "Hájková", "Jelínková", "Králová", "Benešová", "Fialová", "Sedláčková", "Doležalová", "Zemanová", "Kolářová", "Navrátilová", "Čermáková", "Vaňková", "Urbanová", "Blažková", "Křížová", "Kovářová", "Bartošová", "Vlčková", "Poláková", "Musilová", "Šimková", "Konečná", "Malá", "Holubová", "Štěpánková"],
    },
    // DE
    MoreNames {
        male: &["Alexander", "Andreas", "Benjamin", "Christian", "Daniel", "Dieter", "Elias", "Finn", "Frank", "Hans", "Heinz", "Helmut", "Jan", "Jörg", "Leon", "Manfred", "Markus", "Michael", "Niklas", "Peter", "Rainer", "Stefan", "Thomas", "Tim", "Uwe"],
        female: &["Andrea", "Angelika", "Birgit", "Claudia", "Emma", "Erika", "Gabriele", "Heike", "Helga", "Ingrid", "Julia", "Karin", "Katrin", "Laura", "Lea", "Lena", "Mia", "Nicole", "Petra", "Renate", "Silke", "Susanne", "Tanja", "Ute", "Waltraud"],
        surnames: &["Braun", "Krause", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Klein", "Wolf", "Schwarz", "Lehmann", "Schmid", "Meier", "Walter", "Maier", "Herrmann", "König", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Jung", "Hahn", "Vogel", "Friedrich"],
        female_surnames: &[],
    },
    // DK
    MoreNames {
        male: &["Anton", "Bent", "Carl", "Christian", "Emil", "Erik", "Flemming", "Hans", "Henrik", "Jakob", "Jesper", "Johan", "Kasper", "Lars", "Lasse", "Magnus", "Martin", "Mikkel", "Ole", "Oliver", "Peter", "Poul", "Simon", "Thomas", "Viktor"],
        female: &["Anne", "Birgitte", "Camilla", "Charlotte", "Emma", "Freja", "Hanne", "Helle", "Ida", "Inge", "Karen", "Kirsten", "Laura", "Lene", "Lone", "Maja", "Mette", "Nanna", "Pia", "Sofie", "Susanne", "Tove", "Trine", "Ulla", "Vibeke"],
        surnames: &["Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Østergaard", "Jeppesen", "Vestergaard", "Nissen"],
        female_surnames: &[],
    },
    // EE
    MoreNames {
        male: &["Aivar", "Andres", "Ants", "Arvo", "Erik", "Hannes", "Indrek", "Jaan", "Jüri", "Kalev", "Kristjan", "Lauri", "Madis", "Margus", "Marko", "Mati", "Priit", "Raivo", "Rasmus", "Siim", "Tanel", "Toomas", "Urmas", "Vello", "Villem"],
        female: &["Aino", "Anu", "Eha", "Eve", "Helgi", "Helle", "Ingrid", "Kadri", "Kaja", "Kati", "Kristiina", "Laura", "Liis", "Maarja", "Mari", "Merike", "Piret", "Reet", "Riina", "Sirje", "Tiina", "Triin", "Ülle", "Urve", "Viivi"],
        surnames: &["Ilves", "Kask", "Kukk", "Rebane", "Koppel", "Karu", "Lepik", "Kuusk", "Mets", "Vaher", "Pärn", "Lepp", "Saar", "Sepp", "Kõiv", "Laur", "Raud", "Mägi", "Kallas", "Teder", "Luik", "Kivi", "Oja", "Tamme", "Järv", "Lill", "Kuusik", "Toom", "Roos", "Liiv"],
        female_surnames: &[],
    },
    // EL
    MoreNames {
        male: &["Αθανάσιος", "Αλέξανδρος", "Αναστάσιος", "Απόστολος", "Αριστείδης", "Βασίλειος", "Γρηγόριος", "Διονύσιος", "Ευάγγελος", "Ευστάθιος", "Θεόδωρος", "Ιωάννης", "Κυριάκος", "Λάμπρος", "Λεωνίδας", "Μάρκος", "Μιλτιάδης", "Νικηφόρος", "Πέτρος", "Σπυρίδων", "Σταύρος", "Στυλιανός", "Φώτιος", "Χαράλαμπος", "Χρήστος"],
        female: &["Αγγελική", "Αικατερίνη", "Αλεξάνδρα", "Αναστασία", "Αργυρώ", "Βασιλική", "Γαρυφαλλιά", "Δήμητρα", "Ειρήνη", "Ευαγγελία", "Ευτυχία", "Θεοδώρα", "Ιωάννα", "Καλλιόπη", "Κωνσταντίνα", "Μαργαρίτα", "Ολυμπία", "Παναγιώτα", "Παρασκευή", "Σοφία", "Σταυρούλα", "Φωτεινή", "Χαρίκλεια", "Χρυσούλα", "Ζωή"],
        surnames: &["Αθανασίου", "Αλεξίου", "Αναγνώστου", "Βασιλείου", "Βλάχος", "Γεωργιάδης", "Δημόπουλος", "Ζαφειρίου", "Θεοδωρόπουλος", "Ιωαννίδης", "Καραγιάννης", "Κατσαρός", "Κυριακόπουλος", "Λαμπρόπουλος", "Μακρής", "Μαυρίδης", "Μπακάλης", "Νικολαΐδης", "Οικονόμου", "Παναγιωτόπουλος", "Παπανικολάου", "Πετρόπουλος", "Ραπτόπουλος", "Σαββίδης", "Σταυρόπουλος", "Τσακίρης", "Φραγκιαδάκης", "Χατζηδάκης", "Ψαράς", "Ζερβός"],
        female_surnames: &["Αθανασίου", "Αλεξίου", "Αναγνώστου", "Βασιλείου", "Βλάχου", "Γεωργιάδου", "Δημοπούλου", "Ζαφειρίου", "Θεοδωροπούλου", "Ιωαννίδου", "Καραγιάννη", "Κατσαρού", "Κυριακοπούλου", "Λαμπροπούλου", "Μακρή", "Μαυρίδου", "Μπακάλη", "Νικολαΐδου", "Οικονόμου", "Παναγιωτοπούλου", "Παπανικολάου", "Πετροπούλου", "Ραπτοπούλου", "Σαββίδου", "Σταυροπούλου", "Τσακίρη", "Φραγκιαδάκη", "Χατζηδάκη", "Ψαρά", "Ζερβού"],
    },
    // ES
    MoreNames {
        male: &["Adrián", "Alberto", "Alejandro", "Álvaro", "Andrés", "Carlos", "Daniel", "David", "Diego", "Enrique", "Fernando", "Francisco", "Ignacio", "Jaime", "Jorge", "Luis", "Manuel", "Marcos", "Miguel", "Pablo", "Pedro", "Rafael", "Ramón", "Sergio", "Víctor"],
        female: &["Alba", "Ana", "Beatriz", "Carmen", "Concepción", "Cristina", "Dolores", "Elena", "Isabel", "Julia", "Laura", "Lucía", "Marta", "Mercedes", "Montserrat", "Nuria", "Paula", "Pilar", "Raquel", "Rosa", "Rocío", "Silvia", "Sonia", "Teresa", "Victoria"],
        surnames: &["Pérez", "Gómez", "Díaz", "Moreno", "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Iglesias", "Núñez", "Medina"],
        female_surnames: &[],
    },
    // FI
    MoreNames {
        male: &["Aleksi", "Antti", "Eero", "Eino", "Heikki", "Ilkka", "Jari", "Jouni", "Juha", "Jukka", "Kalle", "Lauri", "Markku", "Matti", "Mikko", "Olli", "Pekka", "Petri", "Risto", "Sami", "Teemu", "Timo", "Tuomas", "Ville", "Väinö"],
        female: &["Aino", "Anna", "Eeva", "Eila", "Elina", "Hanna", "Heidi", "Helena", "Johanna", "Kaarina", "Katja", "Kirsi", "Laura", "Leena", "Liisa", "Marja", "Minna", "Päivi", "Riitta", "Sanna", "Satu", "Sirpa", "Tuula", "Tiina", "Venla"],
        surnames: &["Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Hiltunen", "Hämäläinen", "Leinonen", "Miettinen", "Pesonen", "Räsänen"],
        female_surnames: &[],
    },
    // FR
    MoreNames {
        male: &["Alain", "Alexandre", "André", "Antoine", "Bernard", "Bruno", "Christophe", "Claude", "Daniel", "David", "Didier", "Éric", "Étienne", "François", "Gabriel", "Guillaume", "Hervé", "Jacques", "Julien", "Laurent", "Léo", "Marc", "Mathieu", "Michel", "Nicolas", "Olivier", "Patrick", "Paul", "Philippe", "Pierre", "Raphaël", "Sébastien", "Thierry", "Thomas", "Vincent", "Yves"],
        female: &["Agnès", "Alice", "Anne", "Brigitte", "Camille", "Caroline", "Catherine", "Céline", "Christine", "Claire", "Danielle", "Élodie", "Émilie", "Françoise", "Hélène", "Inès", "Jacqueline", "Jeanne", "Juliette", "Laure", "Léa", "Louise", "Lucie", "Madeleine", "Manon", "Martine", "Monique", "Nathalie", "Nicole", "Pauline", "Sandrine", "Simone", "Sophie", "Sylvie", "Valérie", "Véronique"],
        surnames: &["Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte"],
        female_surnames: &[],
    },
    // HR
    MoreNames {
        male: &["Ante", "Antun", "Boris", "Branko", "Damir", "Davor", "Dražen", "Filip", "Goran", "Hrvoje", "Igor", "Ivica", "Josip", "Karlo", "Krešimir", "Luka", "Marin", "Mate", "Matej", "Mislav", "Nikola", "Petar", "Stjepan", "Tomislav", "Zoran"],
        female: &["Ana", "Andrea", "Antonija", "Biljana", "Dragica", "Gordana", "Ivana", "Jasna", "Josipa", "Kata", "Katarina", "Lana", "Lucija", "Marija", "Marta", "Mirjana", "Nada", "Nikolina", "Petra", "Sanja", "Snježana", "Tea", "Vesna", "Zrinka", "Željka"],
        surnames: &["Jurić", "Novak", "Kovačić", "Babić", "Marić", "Pavlović", "Božić", "Blažević", "Grgić", "Pavić", "Radić", "Perić", "Kovač", "Vuković", "Matić", "Tomić", "Šarić", "Lovrić", "Knežević", "Vidović", "Jukić", "Petrović", "Popović", "Šimić", "Bošnjak", "Mandić", "Lučić", "Filipović", "Klarić", "Barišić"],
        female_surnames: &[],
    },
    // HU
    MoreNames {
        male: &["Ádám", "András", "Attila", "Balázs", "Bence", "Csaba", "Dániel", "Dávid", "Ferenc", "Gábor", "György", "Imre", "István", "János", "Károly", "Lajos", "Levente", "Márton", "Miklós", "Norbert", "Péter", "Sándor", "Tamás", "Viktor", "Zoltán"],
        female: &["Andrea", "Anikó", "Anna", "Beáta", "Boglárka", "Dóra", "Edit", "Erika", "Erzsébet", "Eszter", "Gabriella", "Ildikó", "Judit", "Katalin", "Krisztina", "Mária", "Márta", "Mónika", "Nikolett", "Noémi", "Réka", "Szilvia", "Tünde", "Viktória", "Zsófia"],
        surnames: &["Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon", "Rácz", "Fekete", "Szilágyi", "Török", "Fehér", "Balázs", "Gál", "Kis", "Szűcs", "Kocsis", "Orsós", "Pintér", "Fodor", "Szalai", "Sipos", "Magyar", "Lukács", "Gulyás", "Bíró", "Király", "Katona"],
        female_surnames: &[],
    },
    // IE
    MoreNames {
        male: &["Aidan", "Barry", "Brendan", "Brian", "Cathal", "Cillian", "Colm", "Conor", "Darragh", "David", "Declan", "Dermot", "Eoghan", "Fiachra", "Gerard", "Kevin", "Liam", "Mark", "Michael", "Niall", "Oisín", "Pádraig", "Ronan", "Shane", "Tadhg"],
        female: &["Aisling", "Áine", "Bridget", "Caoimhe", "Catherine", "Ciara", "Clodagh", "Deirdre", "Eileen", "Emer", "Fiona", "Gráinne", "Maeve", "Margaret", "Mary", "Máire", "Niamh", "Nóra", "Orla", "Róisín", "Sadhbh", "Sinéad", "Síle", "Sorcha", "Úna"],
        surnames: &["Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty", "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin", "O'Carroll", "Connolly", "Daly", "O'Connell", "Wilson", "Dunne", "Brennan", "Burke", "Collins", "Campbell", "Clarke"],
        female_surnames: &[],
    },
    // IT
    MoreNames {
        male: &["Alberto", "Alessandro", "Andrea", "Angelo", "Antonio", "Carlo", "Claudio", "Davide", "Domenico", "Emanuele", "Fabio", "Federico", "Filippo", "Franco", "Giacomo", "Gianluca", "Giorgio", "Lorenzo", "Luigi", "Marco", "Massimo", "Paolo", "Pietro", "Roberto", "Salvatore", "Stefano"],
        female: &["Alessandra", "Alice", "Angela", "Anna", "Antonella", "Beatrice", "Carla", "Chiara", "Cristina", "Daniela", "Elena", "Federica", "Francesca", "Gabriella", "Giorgia", "Giovanna", "Laura", "Lucia", "Marta", "Monica", "Paola", "Rita", "Sara", "Silvia", "Valentina"],
        surnames: &["Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "Costa", "Giordano", "Mancini", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti"],
        female_surnames: &[],
    },
    // LT
    MoreNames {
        male: &["Algirdas", "Andrius", "Antanas", "Arūnas", "Darius", "Dainius", "Donatas", "Egidijus", "Gediminas", "Giedrius", "Jonas", "Juozas", "Kęstutis", "Mantas", "Marius", "Mindaugas", "Nerijus", "Paulius", "Povilas", "Rimantas", "Saulius", "Tomas", "Vaidas", "Vytautas", "Žygimantas"],
        female: &["Agnė", "Aldona", "Aušra", "Birutė", "Danutė", "Daiva", "Dalia", "Eglė", "Gintarė", "Irena", "Jolanta", "Jūratė", "Kristina", "Laima", "Lina", "Milda", "Nijolė", "Ona", "Regina", "Rasa", "Rūta", "Simona", "Vilma", "Violeta", "Živilė"],
        surnames: &["Stankevičius", "Vasiliauskas", "Žukauskas", "Butkus", "Paulauskas", "Urbonas", "Kavaliauskas", "Ramanauskas", "Baranauskas", "Navickas", "Ruzgys", "Sakalauskas", "Mikalauskas", "Žilinskas", "Lukoševičius", "Kazlauskas", "Jankauskas", "Petrauskas", "Balčiūnas", "Rimkus", "Vaitkus", "Adomaitis", "Šimkus", "Ivanauskas", "Mockus", "Grigas", "Bernotas", "Jurevičius"],
        female_surnames: &["Stankevičienė", "Vasiliauskienė", "Žukauskienė", "Butkienė", "Paulauskienė", "Urbonienė", "Kavaliauskienė", "Ramanauskienė", "Baranauskienė", "Navickienė", "Ruzgienė", "Sakalauskienė", "Mikalauskienė", "Žilinskienė", "Lukoševičienė", "Kazlauskienė", "Jankauskienė", "Petrauskienė", "Balčiūnienė", "Rimkienė", "Vaitkienė", "Adomaitienė", "Šimkienė", "Ivanauskienė", "Mockienė", "Grigienė", "Bernotienė", "Jurevičienė"],
    },
    // LU
    MoreNames {
        male: &["Alain", "Ben", "Carlo", "Charel", "Claude", "Fernand", "Frank", "Gilles", "Guy", "Jean", "Jeff", "Jos", "Léon", "Luc", "Marc", "Mathis", "Max", "Nico", "Paul", "Pit", "Romain", "Serge", "Steve", "Tom", "Yves"],
        female: &["Anne", "Carole", "Chantal", "Christiane", "Claudine", "Danielle", "Emma", "Françoise", "Isabelle", "Jeanne", "Josée", "Julie", "Lara", "Laura", "Lena", "Liliane", "Lisa", "Marie", "Martine", "Monique", "Nathalie", "Nicole", "Sandra", "Sophie", "Tessy"],
        surnames: &["Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Schmitz", "Schroeder", "Reuter", "Klein", "Becker", "Kieffer", "Kremer", "Faber", "Meyer", "Schiltz", "Welter", "Weis", "Hansen", "Majerus", "Ries", "Meyers", "Kayser", "Steffen", "Krier", "Goergen", "Wirtz", "Hermes", "Michels", "Back"],
        female_surnames: &[],
    },
    // LV
    MoreNames {
        male: &["Aivars", "Andris", "Armands", "Artūrs", "Dainis", "Edgars", "Ēriks", "Guntis", "Gints", "Imants", "Ivars", "Jānis", "Juris", "Kaspars", "Kristaps", "Māris", "Mārtiņš", "Normunds", "Oskars", "Raimonds", "Roberts", "Uldis", "Valdis", "Viesturs", "Zigmārs"],
        female: &["Agnese", "Aija", "Baiba", "Dace", "Daina", "Elīna", "Evija", "Gunta", "Ieva", "Ilze", "Inese", "Inga", "Iveta", "Kristīne", "Laila", "Laura", "Līga", "Linda", "Mārīte", "Santa", "Sarmīte", "Solvita", "Vija", "Zane", "Zinta"],
        surnames: &["Jansons", "Liepiņš", "Krūmiņš", "Balodis", "Eglītis", "Zariņš", "Pētersons", "Vītols", "Kļaviņš", "Karklinš", "Vanags", "Lapiņš", "Siliņš", "Dambis", "Grīnbergs", "Kalējs", "Rozentāls", "Zeltiņš", "Jaunzems", "Ābele", "Strazds", "Sproģis", "Priede", "Lūsis", "Zvirbulis", "Kronbergs", "Vilks", "Briedis"],
        female_surnames: &["Jansone", "Liepiņa", "Krūmiņa", "Balode", "Eglīte", "Zariņa", "Pētersone", "Vītola", "Kļaviņa", "Karklina", "Vanaga", "Lapiņa", "Siliņa", "Dambe", "Grīnberga", "Kalēja", "Rozentāle", "Zeltiņa", "Jaunzeme", "Ābele", "Strazda", "Sproģe", "Priede", "Lūse", "Zvirbule", "Kronberga", "Vilka", "Briede"],
    },
    // MT
    MoreNames {
        male: &["Adrian", "Alan", "Andrew", "Anthony", "Carmel", "Charles", "Christopher", "Clayton", "David", "Emanuel", "Francis", "George", "Ivan", "Jean", "Jonathan", "Karl", "Kurt", "Luke", "Mario", "Mark", "Matthew", "Michael", "Paul", "Raymond", "Saviour"],
        female: &["Abigail", "Alexia", "Anna", "Antoinette", "Carmen", "Catherine", "Charlene", "Claire", "Doris", "Elaine", "Emma", "Francesca", "Gaetana", "Jessica", "Josephine", "Kimberley", "Marthese", "Michela", "Miriam", "Nicole", "Rita", "Rosaria", "Sarah", "Stephanie", "Yvonne"],
        surnames: &["Farrugia", "Zammit", "Galea", "Micallef", "Grech", "Attard", "Spiteri", "Azzopardi", "Mifsud", "Agius", "Cassar", "Pace", "Caruana", "Sammut", "Fenech", "Vella", "Buttigieg", "Xuereb", "Calleja", "Schembri", "Gauci", "Debono", "Cutajar", "Muscat", "Bonnici", "Cachia", "Bugeja", "Aquilina", "Magri", "Psaila"],
        female_surnames: &[],
    },
    // NL
    MoreNames {
        male: &["Arjen", "Bas", "Bram", "Daan", "Dirk", "Erik", "Gerrit", "Hans", "Hendrik", "Jan", "Jeroen", "Joost", "Kees", "Lars", "Luuk", "Maarten", "Niels", "Pieter", "Rutger", "Sander", "Sem", "Stijn", "Thijs", "Willem", "Wouter"],
        female: &["Anouk", "Annemarie", "Astrid", "Bregje", "Daphne", "Ellen", "Esther", "Femke", "Fleur", "Ilse", "Ingrid", "Janneke", "Julia", "Linda", "Lisa", "Marieke", "Marloes", "Nienke", "Saskia", "Sanne", "Sophie", "Tessa", "Wilma", "Yvonne", "Zoë"],
        surnames: &["Bakker", "Visser", "Smit", "Meijer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Van der Linden", "Kok", "Jacobs", "De Haan", "Vermeulen", "Van den Heuvel", "Van der Veen", "Van den Berg", "Van Dijk", "Schouten", "Hoekstra", "Prins"],
        female_surnames: &[],
    },
    // PL
    MoreNames {
        male: &["Adam", "Andrzej", "Artur", "Bartosz", "Dariusz", "Grzegorz", "Jacek", "Jakub", "Jerzy", "Kamil", "Kazimierz", "Krzysztof", "Łukasz", "Maciej", "Marcin", "Mariusz", "Michał", "Paweł", "Rafał", "Robert", "Ryszard", "Sławomir", "Stanisław", "Tadeusz", "Zbigniew"],
        female: &["Agata", "Agnieszka", "Aleksandra", "Barbara", "Beata", "Danuta", "Dorota", "Elżbieta", "Ewa", "Halina", "Irena", "Jadwiga", "Joanna", "Justyna", "Karolina", "Krystyna", "Magdalena", "Małgorzata", "Monika", "Natalia", "Renata", "Teresa", "Urszula", "Wiesława", "Zofia"],
        surnames: &["Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk"],
        female_surnames: &["Kamińska", "Lewandowska", "Zielińska", "Szymańska", "Woźniak", "Dąbrowska", "Kozłowska", "Jankowska", "Mazur", "Kwiatkowska", "Krawczyk", "Kaczmarek", "Piotrowska", "Grabowska", "Zając", "Pawłowska", "Michalska", "Król", "Wieczorek", "Jabłońska", "Wróbel", "Nowakowska", "Majewska", "Olszewska", "Stępień", "Malinowska", "Jaworska", "Adamczyk"],
    },
    // PT
    MoreNames {
        male: &["Afonso", "André", "António", "Bernardo", "Bruno", "Carlos", "Diogo", "Duarte", "Fernando", "Filipe", "Francisco", "Gonçalo", "Guilherme", "Hugo", "Jorge", "José", "Luís", "Manuel", "Miguel", "Nuno", "Paulo", "Pedro", "Ricardo", "Rui", "Tiago"],
        female: &["Ana", "Beatriz", "Carolina", "Catarina", "Cláudia", "Diana", "Fátima", "Filipa", "Helena", "Inês", "Isabel", "Joana", "Leonor", "Lúcia", "Madalena", "Margarida", "Mariana", "Marta", "Patrícia", "Paula", "Raquel", "Rita", "Sofia", "Susana", "Teresa"],
        surnames: &["Martins", "Jesus", "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto", "Carvalho", "Teixeira", "Moreira", "Correia", "Mendes", "Nunes", "Soares", "Vieira", "Monteiro", "Cardoso", "Rocha", "Raposo", "Neves", "Coelho", "Cruz", "Cunha", "Pires", "Ramos"],
        female_surnames: &[],
    },
    // RO
    MoreNames {
        male: &["Adrian", "Alexandru", "Andrei", "Bogdan", "Cătălin", "Cristian", "Daniel", "Dragoș", "Florin", "Gabriel", "George", "Ionuț", "Iulian", "Liviu", "Marius", "Mihai", "Mircea", "Nicolae", "Ovidiu", "Radu", "Răzvan", "Sorin", "Ștefan", "Valentin", "Vasile"],
        female: &["Adriana", "Alexandra", "Alina", "Ana", "Andreea", "Bianca", "Camelia", "Carmen", "Cristina", "Daniela", "Diana", "Doina", "Elena", "Florentina", "Gabriela", "Ioana", "Irina", "Larisa", "Loredana", "Mihaela", "Monica", "Nicoleta", "Roxana", "Simona", "Violeta"],
        surnames: &["Stan", "Dumitru", "Stoica", "Gheorghe", "Matei", "Ciobanu", "Ionescu", "Rusu", "Mihai", "Munteanu", "Marin", "Tudor", "Florea", "Dinu", "Barbu", "Nistor", "Moldovan", "Lungu", "Ene", "Sandu", "Cristea", "Ungureanu", "Stănescu", "Anghel", "Vasilescu", "Zamfir", "Diaconu", "Neagu", "Toma", "Lazăr"],
        female_surnames: &[],
    },
    // SE
    MoreNames {
        male: &["Anders", "Axel", "Björn", "Carl", "Daniel", "Emil", "Erik", "Fredrik", "Göran", "Gustav", "Hans", "Henrik", "Johan", "Jonas", "Karl", "Lars", "Magnus", "Mats", "Mikael", "Nils", "Olof", "Per", "Stefan", "Sven", "Ulf"],
        female: &["Agneta", "Anna", "Annika", "Birgitta", "Britt", "Camilla", "Cecilia", "Elin", "Elisabeth", "Emma", "Eva", "Hanna", "Helena", "Ingrid", "Johanna", "Karin", "Kerstin", "Linnea", "Lena", "Malin", "Margareta", "Sara", "Sofia", "Ulla", "Åsa"],
        surnames: &["Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Sjöberg"],
        female_surnames: &[],
    },
    // SI
    MoreNames {
        male: &["Aleš", "Andrej", "Anže", "Blaž", "Boštjan", "Bojan", "Darko", "Franc", "Gregor", "Igor", "Janez", "Jože", "Jure", "Klemen", "Marjan", "Marko", "Matej", "Milan", "Miha", "Primož", "Rok", "Simon", "Tadej", "Uroš", "Žiga"],
        female: &["Alenka", "Ana", "Barbara", "Darja", "Eva", "Irena", "Jožica", "Katja", "Katarina", "Marija", "Maja", "Mateja", "Metka", "Mojca", "Nataša", "Nina", "Petra", "Polona", "Sabina", "Sara", "Simona", "Špela", "Tanja", "Urška", "Vesna"],
        surnames: &["Kovač", "Mlakar", "Kos", "Vidmar", "Golob", "Turk", "Kralj", "Božič", "Korošec", "Bizjak", "Zupan", "Hribar", "Kotnik", "Kavčič", "Rozman", "Kastelic", "Oblak", "Petek", "Žagar", "Kolar", "Košir", "Koren", "Klemenčič", "Zupanc", "Potočnik", "Medved", "Pirc", "Jereb", "Kuhar", "Kolenc"],
        female_surnames: &[],
    },
    // SK
    MoreNames {
        male: &["Adam", "Andrej", "Anton", "Dávid", "Dominik", "Dušan", "Ivan", "Jakub", "Ján", "Jozef", "Juraj", "Karol", "Ladislav", "Marek", "Martin", "Matej", "Michal", "Milan", "Miroslav", "Pavol", "Rastislav", "Róbert", "Stanislav", "Tomáš", "Vladimír"],
        female: &["Alžbeta", "Andrea", "Anna", "Barbora", "Dana", "Eva", "Helena", "Ivana", "Jana", "Katarína", "Kristína", "Lucia", "Ľudmila", "Mária", "Marta", "Michaela", "Monika", "Natália", "Petra", "Renáta", "Silvia", "Simona", "Soňa", "Veronika", "Zuzana"],
        surnames: &["Baláž", "Molnár", "Lukáč", "Novák", "Kováč", "Szabó", "Tóth", "Oravec", "Kráľ", "Polák", "Hudák", "Blaho", "Kollár", "Kučera", "Mráz", "Urban", "Sloboda", "Marko", "Šimko", "Bartoš", "Jurík", "Gajdoš", "Michalík", "Holub", "Čierny", "Hrubý", "Klimek", "Šuster"],
        female_surnames: &["Balážová", "Molnárová", "Lukáčová", "Nováková", "Kováčová", "Szabóová", "Tóthová", "Oravcová", "Kráľová", "Poláková", "Hudáková", "Blahová", "Kollárová", "Kučerová", "Mrázová", "Urbanová", "Slobodová", "Marková", "Šimková", "Bartošová", "Juríková", "Gajdošová", "Michalíková", "Holubová", "Čierna", "Hrubá", "Klimeková", "Šusterová"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn female_surnames_pair_with_the_male_ones() {
        for names in &MORE_NAMES {
            assert!(
                names.female_surnames.is_empty()
                    || names.female_surnames.len() == names.surnames.len()
            );
            assert!(names.male.len() >= 20 && names.female.len() >= 20);
        }
    }
}
