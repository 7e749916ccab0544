package tw.kuayu.security.personaldata;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.UnaryOperator;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;
import tw.kuayu.connectors.NationalId;

/**
 * MyBatis type handlers that mappers name explicitly ({@code #{applicantNationalId, typeHandler=...}}),
 * so the clear value never reaches the database. They implement {@link TypeHandler} directly (not
 * BaseTypeHandler) and carry no {@code @MappedTypes}: registered as Spring beans, they are found by
 * class only and never become the default handler for {@code String}.
 */
public final class PersonalDataTypeHandlers {

    private PersonalDataTypeHandlers() {
    }

    /** Writes {@code stored(clear)}; reads the column as it is. */
    abstract static class WriteOnly implements TypeHandler<String> {

        private final UnaryOperator<String> stored;

        WriteOnly(UnaryOperator<String> stored) {
            this.stored = stored;
        }

        final String stored(String clear) {
            return stored.apply(clear);
        }

        @Override
        public void setParameter(PreparedStatement ps, int i, String parameter, JdbcType jdbcType) throws SQLException {
            String value = parameter == null ? null : stored(parameter);
            if (value == null) {
                ps.setNull(i, Types.VARCHAR);
            } else {
                ps.setString(i, value);
            }
        }

        @Override
        public String getResult(ResultSet rs, String columnName) throws SQLException {
            return rs.getString(columnName);
        }

        @Override
        public String getResult(ResultSet rs, int columnIndex) throws SQLException {
            return rs.getString(columnIndex);
        }

        @Override
        public String getResult(CallableStatement cs, int columnIndex) throws SQLException {
            return cs.getString(columnIndex);
        }
    }

    /** Writes a value sealed with the current key; reads it back opened. */
    public static final class Sealed extends WriteOnly {
        private final PersonalDataCipher cipher;

        public Sealed(PersonalDataCipher cipher) {
            super(cipher::seal);
            this.cipher = cipher;
        }

        @Override
        public String getResult(ResultSet rs, String columnName) throws SQLException {
            return cipher.open(rs.getString(columnName));
        }

        @Override
        public String getResult(ResultSet rs, int columnIndex) throws SQLException {
            return cipher.open(rs.getString(columnIndex));
        }

        @Override
        public String getResult(CallableStatement cs, int columnIndex) throws SQLException {
            return cipher.open(cs.getString(columnIndex));
        }
    }

    /** Writes (and compares with) the keyed search hash of a national ID. */
    public static final class SearchHash extends WriteOnly {
        public SearchHash(PersonalDataCipher cipher) {
            super(cipher::searchHash);
        }
    }

    /**
     * The national ID's hash under the previous search key while a rotation runs (else the current one): lookups
     * compare with both, {@code applicant_id_hash IN (#{id, typeHandler=SearchHash}, #{id, typeHandler=PreviousSearchHash})}.
     */
    public static final class PreviousSearchHash extends WriteOnly {
        public PreviousSearchHash(PersonalDataCipher cipher) {
            super(cipher::previousSearchHash);
        }
    }

    /** Writes (and compares with) the keyed hash of a whole applicant name. */
    public static final class NameHash extends WriteOnly {
        public NameHash(PersonalDataCipher cipher) {
            super(cipher::nameHash);
        }
    }

    /** A name's hash under the previous search key while a rotation runs (else the current one). */
    public static final class PreviousNameHash extends WriteOnly {
        public PreviousNameHash(PersonalDataCipher cipher) {
            super(cipher::previousNameHash);
        }
    }

    /** Writes the masked form ({@code A12****789}) that lists show without decrypting anything. */
    public static final class Masked extends WriteOnly {
        public Masked() {
            super(NationalId::mask);
        }
    }
}
