import vn.tthc.Tthc;

/** When is a dossier received on Monday 28 April 2025 due (30/4 and 1/5 are holidays)? */
public class DueDate {
    public static void main(String[] args) {
        try (Tthc.Engine engine = Tthc.Engine.embedded()) {
            String json = engine.deadline("{\"procedure\": \"ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt\","
                    + " \"channel\": \"in-person\", \"submitted_at\": \"2025-04-28T09:00:00+07:00\"}");
            int at = json.indexOf("\"due_at\":\"") + 10; // a real portal parses the JSON
            System.out.println("due at " + json.substring(at, at + 25));
        }
    }
}
